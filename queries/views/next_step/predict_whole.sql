-- predict.sql for whole journeys (no filter but a segment): their steps, the step before each
-- and the one after were numbered at load (visible_step, next_visible_touchpoint), so only
-- the steps named in $context are read, not every journey sorted again. Counts what followed
-- each suffix of the context that occurred at all (context_steps = its length); order 0, what
-- followed any step, is counts_any.sql.
WITH ctx AS (
    SELECT $context::VARCHAR[] AS c
), named AS (
    SELECT s.customer_id, s.visible_step, coalesce(s.touchpoint, '(no touchpoint)') AS step,
           coalesce(s.next_visible_touchpoint, '(left)') AS next
    FROM scope s, ctx
    WHERE s.visible_step IS NOT NULL AND list_contains(c, coalesce(s.touchpoint, '(no touchpoint)'))
), ends AS (        -- each occurrence of the context's last step, with how many steps before it match
    SELECT l.next,
           CASE WHEN p1.customer_id IS NULL THEN 1 WHEN p2.customer_id IS NULL THEN 2 ELSE 3 END AS depth
    FROM named l CROSS JOIN ctx
    LEFT JOIN named p1 ON len(c) >= 2 AND p1.customer_id = l.customer_id AND p1.visible_step = l.visible_step - 1
                      AND p1.step = c[-2]
    LEFT JOIN named p2 ON len(c) >= 3 AND p1.customer_id IS NOT NULL AND p2.customer_id = l.customer_id
                      AND p2.visible_step = l.visible_step - 2 AND p2.step = c[-3]
    WHERE l.step = c[-1]
), counted AS (
    SELECT depth, next, count(*) AS n FROM ends GROUP BY ALL
), orders AS (
    SELECT o.k, sum(c.n) AS support
    FROM counted c JOIN range(1, 4) o(k) ON c.depth >= o.k
    GROUP BY o.k
), chosen AS (
    SELECT max(k) AS k FROM orders WHERE support >= $min_support
)
SELECT c.next, sum(c.n) / any_value(o.support) AS probability, any_value(o.support)::BIGINT AS support,
       any_value(o.k)::INTEGER AS context_steps
FROM counted c JOIN chosen h ON c.depth >= h.k JOIN orders o ON o.k = h.k
GROUP BY c.next
ORDER BY probability DESC, c.next
