-- evaluate.sql when nothing is filtered: each step's two before and one after were found with
-- touchpoints (visible_steps, customers as hashes of their ids), so no journey is sorted here.
WITH held AS (
    SELECT hash(customer_id) AS customer,
           ('0x' || md5(min(id_type || ':' || id_value) || ':' || $seed)[1:8])::BIGINT % 1000 < $held_out_per_mille
               AS held_out
    FROM identities GROUP BY customer_id
), names AS (      -- every touchpoint of the workspace, counted at load
    SELECT node AS name FROM step_nodes WHERE dimension = 'touchpoint' UNION SELECT '(left)'
), steps AS MATERIALIZED (
    SELECT v.customer AS customer_id, v.step, v.prev1, v.prev2, coalesce(v.next, hash('(left)')) AS next, h.held_out
    FROM visible_steps v JOIN held h USING (customer)
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
