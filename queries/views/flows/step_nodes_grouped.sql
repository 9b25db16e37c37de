-- nodes.sql for unfiltered journeys with group rules: the nodes no rule renames as counted at
-- load; only a group's customers are counted again, from the steps of its own nodes.
WITH groups AS (
    SELECT i, ($patterns::VARCHAR[])[i] AS pattern, ($labels::VARCHAR[])[i] AS label
    FROM range(1, len($patterns::VARCHAR[]) + 1) t(i)
), renamed AS (
    SELECT DISTINCT d.node FROM step_nodes d JOIN groups g ON d.node GLOB g.pattern WHERE d.dimension = $by
)
SELECT node, customers FROM step_nodes
WHERE dimension = $by AND node NOT IN (SELECT node FROM renamed) AND NOT list_contains($labels::VARCHAR[], node)
UNION ALL
SELECT node, count(DISTINCT customer_id) FROM flow_seq WHERE list_contains($labels::VARCHAR[], node) GROUP BY node
ORDER BY customers DESC, node
