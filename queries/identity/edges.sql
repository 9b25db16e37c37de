-- Undirected edges between a row's anchor and each identifier seen with it.
CREATE OR REPLACE TEMP TABLE id_edges AS
SELECT DISTINCT a, b FROM (
    SELECT anchor AS a, id_type || ':' || id_value AS b FROM identity_links
    UNION ALL
    SELECT id_type || ':' || id_value, anchor FROM identity_links
) WHERE a <> b
