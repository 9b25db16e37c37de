-- What follows $context (a journey's last steps, oldest first, at most three): the next steps
-- counted after the longest suffix of the context that occurred at least $min_support times,
-- or after any step at all (order 0) when none did. One row per next step, most likely first.
WITH ctx AS (
    SELECT $context::VARCHAR[] AS c
), matched AS (     -- how many of the context's last steps each step (with its two before) matches
    SELECT s.next,
           CASE WHEN len(c) < 1 OR s.step IS DISTINCT FROM c[-1] THEN 0
                WHEN len(c) < 2 OR s.prev1 IS DISTINCT FROM c[-2] THEN 1
                WHEN len(c) < 3 OR s.prev2 IS DISTINCT FROM c[-3] THEN 2
                ELSE 3 END AS depth
    FROM next_steps s, ctx
), counted AS (
    SELECT depth, next, count(*) AS n FROM matched GROUP BY ALL
), orders AS (      -- a step matching k last steps also matches every shorter suffix
    SELECT o.k, sum(c.n) AS support
    FROM counted c JOIN range(0, 4) o(k) ON c.depth >= o.k
    GROUP BY o.k
), chosen AS (
    SELECT max(k) AS k FROM orders WHERE support >= $min_support OR k = 0
)
SELECT c.next, sum(c.n) / any_value(o.support) AS probability, any_value(o.support)::BIGINT AS support,
       any_value(o.k)::INTEGER AS context_steps
FROM counted c JOIN chosen h ON c.depth >= h.k JOIN orders o ON o.k = h.k
GROUP BY c.next
ORDER BY probability DESC, c.next
