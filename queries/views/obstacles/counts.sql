-- Customers at each watched step per period, for everyone (dimension 0) and for each segment
-- (dimension i: the value of d<i> in obstacle_customers): how many went on, came round back,
-- had a next step in the visit (timed) and took longer to it than the step's median (slow).
-- Counted per profile (customers in the same segments) first, so the roll-up is small.
WITH medians AS (
    SELECT step, quantile_cont(seconds, 0.5) AS median_seconds FROM obstacle_units GROUP BY step
), profiles AS (
    SELECT DISTINCT profile, d1, d2, d3, d4, d5, d6 FROM obstacle_customers
), base AS (
    SELECT u.step, u.period, c.profile, count(*) AS customers,
           count(*) FILTER (WHERE u.continued) AS continued, count(*) FILTER (WHERE u.looped) AS looped,
           count(u.seconds) AS timed, count(*) FILTER (WHERE u.seconds > m.median_seconds) AS slow
    FROM obstacle_units u JOIN obstacle_customers c USING (customer) JOIN medians m USING (step)
    GROUP BY ALL
), rolled AS (
    SELECT step, period,
           CASE WHEN grouping(d1) = 0 THEN 1 WHEN grouping(d2) = 0 THEN 2 WHEN grouping(d3) = 0 THEN 3
                WHEN grouping(d4) = 0 THEN 4 WHEN grouping(d5) = 0 THEN 5 WHEN grouping(d6) = 0 THEN 6
                ELSE 0 END AS dimension,
           coalesce(d1, d2, d3, d4, d5, d6) AS value,
           sum(customers) AS customers, sum(continued) AS continued, sum(looped) AS looped,
           sum(timed) AS timed, sum(slow) AS slow
    FROM base JOIN profiles USING (profile)
    GROUP BY GROUPING SETS ((step, period), (step, period, d1), (step, period, d2), (step, period, d3),
                            (step, period, d4), (step, period, d5), (step, period, d6))
)
SELECT r.step, r.period, r.dimension, r.value, r.customers::BIGINT AS customers,
       r.continued::BIGINT AS continued, r.looped::BIGINT AS looped, r.timed::BIGINT AS timed,
       r.slow::BIGINT AS slow, m.median_seconds
FROM rolled r JOIN medians m USING (step)
WHERE r.dimension = 0 OR r.value IS NOT NULL
ORDER BY r.step, r.dimension, r.value, r.period
