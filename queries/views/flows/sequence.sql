-- Each customer's journey as nodes of one dimension, in order: nodes renamed by the first
-- matching group ($patterns[i] GLOB → $labels[i], e.g. '*/blog/*' → 'Blog'), excluded nodes
-- removed and (optionally) repeats of the same node in a row merged. pos is 1-based; next_node
-- is NULL on a journey's last node.
CREATE OR REPLACE TEMP TABLE flow_seq_sorted AS
WITH raw_nodes AS (
    SELECT customer_id, ts, step, is_conversion,
           coalesce(CASE $by WHEN 'touchpoint' THEN touchpoint WHEN 'channel' THEN channel
                             WHEN 'stage' THEN stage ELSE campaign END, '(no ' || $by || ')') AS node
    FROM scope
), groups AS (
    SELECT i, ($patterns::VARCHAR[])[i] AS pattern, ($labels::VARCHAR[])[i] AS label
    FROM range(1, len($patterns::VARCHAR[]) + 1) t(i)
), renamed AS (
    SELECT d.node, arg_min(g.label, g.i) AS label
    FROM (SELECT DISTINCT node FROM raw_nodes) d JOIN groups g ON d.node GLOB g.pattern
    GROUP BY d.node
), nodes AS (
    SELECT n.* REPLACE (coalesce(r.label, n.node) AS node)
    FROM raw_nodes n LEFT JOIN renamed r USING (node)
), kept AS (
    SELECT *, lag(node) OVER (PARTITION BY customer_id ORDER BY step) AS prev
    FROM nodes
    WHERE NOT list_contains($exclude::VARCHAR[], node)
)
SELECT customer_id, node, ts, is_conversion,
       row_number() OVER w AS pos, lead(node) OVER w AS next_node
FROM kept
WHERE NOT $collapse OR prev IS NULL OR prev <> node
WINDOW w AS (PARTITION BY customer_id ORDER BY step)  -- step: the order of ts, origin_file, origin_row
