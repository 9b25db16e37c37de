-- Every identifier is a node labelled by itself; stitching lowers labels to the component minimum.
CREATE OR REPLACE TEMP TABLE id_labels AS
SELECT node, node AS label FROM (
    SELECT id_type || ':' || id_value AS node FROM identity_links
    UNION
    SELECT anchor FROM identity_links
)
