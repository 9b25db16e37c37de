-- The steps customers take (conversions aside), most taken first, each with its way on: what
-- customers who went on to convert most often did right after it (another step, or a
-- conversion) and the share of them who did (way_on_share). Names from step_nodes (every
-- touchpoint of the workspace).
WITH names AS (
    SELECT node AS name, hash(node) AS step FROM step_nodes WHERE dimension = 'touchpoint'
), reach AS (
    SELECT step, count(*) AS reaches, bool_or(is_conversion) AS is_conversion
    FROM obstacle_steps WHERE NOT recent GROUP BY step
), onward AS (
    SELECT step, next, count(*) AS n, count(*) / sum(count(*)) OVER (PARTITION BY step) AS share
    FROM obstacle_steps
    WHERE converts_later AND next IS NOT NULL AND next <> step AND NOT recent
    GROUP BY step, next
), ways AS (
    SELECT o.step, n.name AS way_on, o.share,
           row_number() OVER (PARTITION BY o.step ORDER BY o.n DESC, n.name) AS rank
    FROM onward o JOIN names n ON n.step = o.next
)
SELECT n.name AS step, r.reaches, w.way_on, w.share AS way_on_share
FROM reach r
JOIN names n USING (step)
LEFT JOIN ways w ON w.step = r.step AND w.rank = 1
WHERE NOT r.is_conversion
ORDER BY r.reaches DESC, n.name
