-- How often a step that is not error-like ended the journey, for everyone (dimension 0) and
-- per segment (as counts.sql): what error steps are compared with.
SELECT CASE WHEN grouping(d1) = 0 THEN 1 WHEN grouping(d2) = 0 THEN 2 WHEN grouping(d3) = 0 THEN 3
            WHEN grouping(d4) = 0 THEN 4 WHEN grouping(d5) = 0 THEN 5 WHEN grouping(d6) = 0 THEN 6
            ELSE 0 END AS dimension,
       coalesce(d1, d2, d3, d4, d5, d6) AS value,
       sum(other_reaches)::BIGINT AS reaches, sum(other_exits)::BIGINT AS exits
FROM obstacle_customers
GROUP BY GROUPING SETS ((), (d1), (d2), (d3), (d4), (d5), (d6))
HAVING dimension = 0 OR value IS NOT NULL
ORDER BY dimension, value
