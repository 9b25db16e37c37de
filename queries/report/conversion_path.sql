-- The most common way into a first conversion, the report's default funnel: each converted
-- customer's last $steps nodes of flow_seq (repeats merged) up to and including their first
-- conversion; the most customers first, then the path, so a tie always picks the same one.
WITH firsts AS (
    SELECT customer_id, min(pos) AS converted_at FROM flow_seq WHERE is_conversion GROUP BY customer_id
), upto AS (
    SELECT s.customer_id, s.pos, s.node,
           s.node IS DISTINCT FROM lag(s.node) OVER (PARTITION BY s.customer_id ORDER BY s.pos) AS new_run
    FROM flow_seq s JOIN firsts f ON f.customer_id = s.customer_id AND s.pos <= f.converted_at
), paths AS (
    SELECT customer_id, list(node ORDER BY pos DESC)[1:$steps] AS last_steps
    FROM upto WHERE new_run GROUP BY customer_id
)
SELECT list_reverse(last_steps) AS steps, count(*) AS customers
FROM paths
WHERE len(last_steps) >= 2
GROUP BY last_steps
ORDER BY customers DESC, list_reverse(last_steps)
LIMIT 1
