-- Error-like steps ($error_steps) per period, for everyone and per segment (as counts.sql):
-- how often they were taken, how often they were the last step of the journey (exits) and by
-- how many customers.
WITH hits AS (
    SELECT s.customer_id, s.step, s.period, s.next IS NULL AS exited
    FROM obstacle_steps s
    WHERE NOT s.recent AND list_contains($error_steps::VARCHAR[], s.step)
), base AS (
    SELECT h.step, h.period, c.d1, c.d2, c.d3, c.d4, c.d5, c.d6, count(*) AS reaches,
           count(*) FILTER (WHERE h.exited) AS exits, count(DISTINCT h.customer_id) AS customers
    FROM hits h JOIN obstacle_customers c USING (customer_id)
    GROUP BY ALL
)
SELECT step, period,
       CASE WHEN grouping(d1) = 0 THEN 1 WHEN grouping(d2) = 0 THEN 2 WHEN grouping(d3) = 0 THEN 3
            WHEN grouping(d4) = 0 THEN 4 WHEN grouping(d5) = 0 THEN 5 WHEN grouping(d6) = 0 THEN 6
            ELSE 0 END AS dimension,
       coalesce(d1, d2, d3, d4, d5, d6) AS value,
       sum(reaches)::BIGINT AS reaches, sum(exits)::BIGINT AS exits, sum(customers)::BIGINT AS customers
FROM base
GROUP BY GROUPING SETS ((step, period), (step, period, d1), (step, period, d2), (step, period, d3),
                        (step, period, d4), (step, period, d5), (step, period, d6))
HAVING dimension = 0 OR value IS NOT NULL
ORDER BY step, dimension, value, period
