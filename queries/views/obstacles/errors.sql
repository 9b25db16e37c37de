-- Error-like steps ($error_steps) per period, for everyone and per segment (as counts.sql):
-- how often they were taken, how often they were the last step of the journey (exits) and by
-- how many customers.
WITH errors AS (
    SELECT unnest($error_steps::VARCHAR[]) AS name
), hits AS (
    SELECT s.customer, e.name AS step, s.period, s.next IS NULL AS exited
    FROM obstacle_steps s JOIN errors e ON s.step = hash(e.name)
    WHERE NOT s.recent
), profiles AS (
    SELECT DISTINCT profile, d1, d2, d3, d4, d5, d6 FROM obstacle_customers
), base AS (
    SELECT h.step, h.period, c.profile, count(*) AS reaches, count(*) FILTER (WHERE h.exited) AS exits,
           count(DISTINCT h.customer) AS customers
    FROM hits h JOIN obstacle_customers c USING (customer)
    GROUP BY ALL
)
SELECT step, period,
       CASE WHEN grouping(d1) = 0 THEN 1 WHEN grouping(d2) = 0 THEN 2 WHEN grouping(d3) = 0 THEN 3
            WHEN grouping(d4) = 0 THEN 4 WHEN grouping(d5) = 0 THEN 5 WHEN grouping(d6) = 0 THEN 6
            ELSE 0 END AS dimension,
       coalesce(d1, d2, d3, d4, d5, d6) AS value,
       sum(reaches)::BIGINT AS reaches, sum(exits)::BIGINT AS exits, sum(customers)::BIGINT AS customers
FROM base JOIN profiles USING (profile)
GROUP BY GROUPING SETS ((step, period), (step, period, d1), (step, period, d2), (step, period, d3),
                        (step, period, d4), (step, period, d5), (step, period, d6))
HAVING dimension = 0 OR value IS NOT NULL
ORDER BY step, dimension, value, period
