-- Each customer's journey as nodes of one dimension, in order, after removing excluded nodes
-- and (optionally) repeats of the same node in a row. pos is 1-based.
CREATE OR REPLACE TEMP TABLE flow_seq AS
WITH nodes AS (
    SELECT customer_id, ts, origin_file, origin_row, is_conversion,
           coalesce(CASE $by WHEN 'touchpoint' THEN touchpoint WHEN 'channel' THEN channel
                             WHEN 'stage' THEN stage ELSE campaign END, '(no ' || $by || ')') AS node
    FROM scope
), kept AS (
    SELECT *, lag(node) OVER (PARTITION BY customer_id ORDER BY ts, origin_file, origin_row) AS prev
    FROM nodes
    WHERE NOT list_contains($exclude::VARCHAR[], node)
)
SELECT customer_id, node, ts, is_conversion,
       row_number() OVER (PARTITION BY customer_id ORDER BY ts, origin_file, origin_row) AS pos
FROM kept
WHERE NOT $collapse OR prev IS NULL OR prev <> node
