-- The customers whose journey passes through a node, with their journey (first 12 steps).
WITH passing AS (SELECT DISTINCT customer_id FROM flow_seq WHERE node = $node)
SELECT s.customer_id,
       string_agg(s.node, ' > ' ORDER BY s.pos) FILTER (WHERE s.pos <= 12) AS journey,
       count(*) AS steps, bool_or(s.is_conversion) AS converted,
       min(s.ts) AS first_seen, max(s.ts) AS last_seen
FROM flow_seq s JOIN passing USING (customer_id)
GROUP BY s.customer_id
ORDER BY first_seen, s.customer_id
LIMIT $limit
