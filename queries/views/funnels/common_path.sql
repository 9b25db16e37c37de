-- The most common way to a first conversion: each converting customer's last $length nodes up to
-- and including it (repeats in a row merged), counted; the Funnels page opens on the top one.
WITH firsts AS (
    SELECT customer_id, min(pos) AS converted_at FROM flow_seq WHERE is_conversion GROUP BY customer_id
), runs AS (
    SELECT s.customer_id, s.pos, s.node,
           lag(s.node) OVER (PARTITION BY s.customer_id ORDER BY s.pos) AS previous
    FROM flow_seq s JOIN firsts f USING (customer_id)
    WHERE s.pos <= f.converted_at
), backwards AS (
    SELECT customer_id, pos, node, row_number() OVER (PARTITION BY customer_id ORDER BY pos DESC) AS back
    FROM runs WHERE previous IS NULL OR previous <> node
), paths AS (
    SELECT customer_id, list(node ORDER BY pos) AS steps FROM backwards WHERE back <= $length GROUP BY customer_id
)
SELECT steps, count(*) AS customers FROM paths
WHERE len(steps) >= 2
GROUP BY steps ORDER BY customers DESC, len(steps) DESC, steps::VARCHAR
LIMIT $top
