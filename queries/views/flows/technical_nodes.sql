-- The technical hits in the data (touchpoint names), and whether a group rule renames one.
SELECT node, len(list_filter($patterns::VARCHAR[], lambda p: node GLOB p)) > 0 AS grouped
FROM step_nodes
WHERE dimension = 'touchpoint' AND list_contains($technical::VARCHAR[], node)
