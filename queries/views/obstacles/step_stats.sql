-- The steps customers take (conversions aside), most taken first, each with its way on: what
-- customers who went on to convert most often did right after it (another step, or a
-- conversion) and the share of them who did (way_on_share), and the step loops at it most
-- often go round through.
WITH reach AS (
    SELECT step, count(*) AS reaches, bool_or(is_conversion) AS is_conversion
    FROM obstacle_steps WHERE NOT recent GROUP BY step
), onward AS (
    SELECT step, next, count(*) AS n,
           count(*) / sum(count(*)) OVER (PARTITION BY step) AS share,
           row_number() OVER (PARTITION BY step ORDER BY count(*) DESC, next) AS rank
    FROM obstacle_steps
    WHERE converts_later AND next IS NOT NULL AND next <> step AND NOT recent
    GROUP BY step, next
), via AS (
    SELECT step, loop_via, row_number() OVER (PARTITION BY step ORDER BY count(*) DESC, loop_via) AS rank
    FROM obstacle_steps WHERE loop_via IS NOT NULL AND NOT recent
    GROUP BY step, loop_via
)
SELECT r.step, r.reaches, o.next AS way_on, o.share AS way_on_share, v.loop_via
FROM reach r
LEFT JOIN onward o ON o.step = r.step AND o.rank = 1
LEFT JOIN via v ON v.step = r.step AND v.rank = 1
WHERE NOT r.is_conversion
ORDER BY r.reaches DESC, r.step
