-- growth_counts on the full grid of periods × groups from the period holding $first to the one
-- holding $last (a period without interactions counts as 0, so growth is never measured across
-- a gap), with:
--   growth_pct  change from the group's previous period, in % (NULL when that had none)
--   share       the group's part of the period's interactions (0–1)
--   yoy_pct     change from the same period a year earlier (52 weeks for weeks), in %
--   index       interactions against the group's first complete period with any (= 100)
--   complete    the covered days ($first–$last) include the whole period
WITH periods AS (
    SELECT p::DATE AS period,
           (p + CASE $period WHEN 'day' THEN INTERVAL 1 DAY WHEN 'week' THEN INTERVAL 7 DAY
                             WHEN 'month' THEN INTERVAL 1 MONTH WHEN 'quarter' THEN INTERVAL 3 MONTH
                             ELSE INTERVAL 1 YEAR END - INTERVAL 1 DAY)::DATE AS last_day
    FROM range(date_trunc($period, $first::DATE), $last::DATE + INTERVAL 1 DAY,
               CASE $period WHEN 'day' THEN INTERVAL 1 DAY WHEN 'week' THEN INTERVAL 7 DAY
                            WHEN 'month' THEN INTERVAL 1 MONTH WHEN 'quarter' THEN INTERVAL 3 MONTH
                            ELSE INTERVAL 1 YEAR END) t(p)
), groups AS (
    SELECT "group", min(rank) AS rank FROM growth_counts GROUP BY "group"
), grid AS (
    SELECT p.period, g."group", g.rank,
           coalesce(c.interactions, 0) AS interactions,
           coalesce(c.customers, 0) AS customers,
           coalesce(c.conversions, 0) AS conversions,
           p.period >= $first::DATE AND p.last_day <= $last::DATE AS complete
    FROM periods p CROSS JOIN groups g
    LEFT JOIN growth_counts c ON c.period = p.period AND c."group" = g."group"
), measured AS (
    SELECT *,
           lag(interactions) OVER (PARTITION BY "group" ORDER BY period) AS previous,
           sum(interactions) OVER (PARTITION BY period) AS period_total,
           first_value(interactions) OVER (PARTITION BY "group"
                                           ORDER BY interactions = 0, NOT complete, period) AS base
    FROM grid
)
SELECT m.period, m."group", m.interactions, m.customers,
       CASE WHEN m.previous > 0 THEN (m.interactions - m.previous) * 100.0 / m.previous END AS growth_pct,
       CASE WHEN m.period_total > 0 THEN m.interactions / m.period_total END AS share,
       m.conversions,
       CASE WHEN y.interactions > 0 THEN (m.interactions - y.interactions) * 100.0 / y.interactions END AS yoy_pct,
       CASE WHEN m.base > 0 THEN m.interactions * 100.0 / m.base END AS "index",
       m.complete
FROM measured m
-- Counting back from each period gives it at most one year-earlier period (29 Feb → 28 Feb).
LEFT JOIN grid y ON y."group" = m."group"
     AND y.period = m.period - CASE $period WHEN 'week' THEN INTERVAL 364 DAY ELSE INTERVAL 1 YEAR END
ORDER BY m.period, m.rank, m."group"
