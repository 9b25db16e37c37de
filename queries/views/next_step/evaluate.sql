-- The model fitted on the customers not held out, scored on every step of the held-out
-- customers' journeys: is the actual next step the most likely one (top1) or among the three
-- most likely (top3)? For the model (the longest suffix of up to three steps seen $min_support
-- times), a first-order model (the last step only, same rule) and the baseline (the most
-- frequent next steps overall). Ties go to the name first in alphabetical order.
-- Held out: 1 in 5 customers by a hash of their first identifier and $seed: the same ones on
-- every run, and in every workspace built from the same files (customer ids are salted).
-- Steps are compared by a hash of their name (cheaper to sort and join than text; names are
-- looked up only to break ties). Same journeys as steps.sql.
WITH held AS (
    SELECT customer_id,
           ('0x' || md5(min(id_type || ':' || id_value) || ':' || $seed)[1:8])::BIGINT % 1000 < $held_out_per_mille
               AS held_out
    FROM identities GROUP BY customer_id
), names AS (      -- every touchpoint of the workspace, counted at load
    SELECT node AS name FROM step_nodes WHERE dimension = 'touchpoint' UNION SELECT '(left)'
), steps AS MATERIALIZED (
    SELECT s.customer_id, s.step, lag(s.step, 1) OVER w AS prev1, lag(s.step, 2) OVER w AS prev2,
           coalesce(lead(s.step) OVER w, hash('(left)')) AS next, h.held_out
    FROM (SELECT customer_id, visible_step, hash(coalesce(touchpoint, '(no touchpoint)')) AS step
          FROM scope WHERE visible_step IS NOT NULL) s
    JOIN held h USING (customer_id)
    WINDOW w AS (PARTITION BY s.customer_id ORDER BY s.visible_step)
), counts AS (
    SELECT prev2, prev1, step, next, count(*) AS n, 3 - bit_count(grouping(prev2, prev1, step)) AS k
    FROM steps WHERE NOT held_out
    GROUP BY GROUPING SETS ((next), (step, next), (prev1, step, next), (prev2, prev1, step, next))
), contexts AS (    -- the training contexts: k last steps (k = 0: any step), their support and top 3
    SELECT c.k, c.prev2, c.prev1, c.step, sum(c.n) AS support, list(c.next ORDER BY c.n DESC, m.name)[1:3] AS top3
    FROM counts c JOIN (SELECT name, hash(name) AS next FROM names) m USING (next)
    WHERE (c.k < 2 OR c.prev1 IS NOT NULL) AND (c.k < 3 OR c.prev2 IS NOT NULL)  -- a journey's first steps
    GROUP BY c.k, c.prev2, c.prev1, c.step
), predicted AS (
    SELECT t.customer_id, t.next, coalesce(c3.top3, c2.top3, c1.top3, c0.top3) AS model,
           coalesce(c1.top3, c0.top3) AS first_order, c0.top3 AS baseline
    FROM steps t
    CROSS JOIN (SELECT top3 FROM contexts WHERE k = 0) c0
    LEFT JOIN contexts c1 ON c1.k = 1 AND c1.step = t.step AND c1.support >= $min_support
    LEFT JOIN contexts c2 ON c2.k = 2 AND c2.prev1 = t.prev1 AND c2.step = t.step AND c2.support >= $min_support
    LEFT JOIN contexts c3 ON c3.k = 3 AND c3.prev2 = t.prev2 AND c3.prev1 = t.prev1 AND c3.step = t.step
                         AND c3.support >= $min_support
    WHERE t.held_out
)
SELECT count(*) AS predictions, count(DISTINCT customer_id) AS held_out_customers,
       (SELECT count(DISTINCT customer_id) FROM steps WHERE NOT held_out) AS training_customers,
       avg((model[1] = next)::INTEGER) AS top1, avg(list_contains(model, next)::INTEGER) AS top3,
       avg((baseline[1] = next)::INTEGER) AS baseline_top1, avg(list_contains(baseline, next)::INTEGER) AS baseline_top3,
       avg((first_order[1] = next)::INTEGER) AS first_order_top1,
       avg(list_contains(first_order, next)::INTEGER) AS first_order_top3
FROM predicted
