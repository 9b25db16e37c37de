-- Undirected edges between a row's anchor and each identifier seen with it.
CREATE OR REPLACE TEMP TABLE id_edges AS
SELECT DISTINCT a, b FROM (
    SELECT anchor AS a, id_type || ':' || id_value AS b FROM (SELECT anchor, id_type, id_value FROM identity_links
          WHERE NOT $scoped OR anchor IN (SELECT node FROM id_scope))
    UNION ALL
    SELECT id_type || ':' || id_value, anchor FROM (SELECT anchor, id_type, id_value FROM identity_links
          WHERE NOT $scoped OR anchor IN (SELECT node FROM id_scope))
) WHERE a <> b
