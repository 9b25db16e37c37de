-- What customers did right after a node of the Journeys page's sequence (flow_seq), the first
-- time they passed it: "(left)" where that was the end of their journey.
WITH firsts AS (
    SELECT customer_id, min(pos) AS pos FROM flow_seq WHERE node = $node GROUP BY customer_id
)
SELECT coalesce(s.next_node, '(left)') AS next, count(*) AS customers,
       count(*) / sum(count(*)) OVER () AS share
FROM flow_seq s JOIN firsts f USING (customer_id, pos)
GROUP BY ALL
ORDER BY customers DESC, next
