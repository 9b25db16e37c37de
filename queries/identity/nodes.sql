-- Every identifier is a node labelled by itself; stitching lowers labels to the component minimum.
-- $scoped: only the identifiers an appended load can affect (id_scope).
CREATE OR REPLACE TEMP TABLE id_labels AS
SELECT node, node AS label FROM (
    SELECT id_type || ':' || id_value AS node FROM identity_links
    WHERE NOT $scoped OR anchor IN (SELECT node FROM id_scope)
    UNION
    SELECT anchor FROM identity_links WHERE NOT $scoped OR anchor IN (SELECT node FROM id_scope)
)
