-- Customers who reached step $level but went no further: what they did right after that step
-- (in their earliest-starting chain), "(left)" when nothing followed.
WITH levels AS (
    SELECT customer_id, max(level) AS level FROM funnel_reach GROUP BY customer_id
), stopped AS (
    SELECT r.customer_id, arg_min(r.last_pos, r.start_pos) AS last_pos
    FROM funnel_reach r JOIN levels l USING (customer_id)
    WHERE l.level = $level AND r.level = $level
    GROUP BY r.customer_id
)
SELECT coalesce(e.next_node, '(left)') AS next, count(*) AS customers,
       count(*) / sum(count(*)) OVER () AS share
FROM stopped t
JOIN funnel_events e ON e.customer_id = t.customer_id AND e.pos = t.last_pos
GROUP BY ALL
ORDER BY customers DESC, next
LIMIT $top
