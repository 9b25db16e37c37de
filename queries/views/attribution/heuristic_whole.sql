-- heuristic.sql when nothing is filtered and the page's options hold (channels, 30-day lookback,
-- 7-day half-life): each converting journey's credits were worked out with touchpoints
-- (attribution_journeys), so the five models are sums of them.
WITH shares AS (
    SELECT c.grp, j.value, c.first AS "first", c.last AS "last", c.linear, c.time_decay, c.position
    FROM (SELECT value, unnest(credits) AS c FROM attribution_journeys WHERE conversion_step IS NOT NULL) j
)
SELECT model, grp, sum(share) AS conversions, sum(share * value) AS value
FROM (UNPIVOT shares ON "first", "last", linear, time_decay, position INTO NAME model VALUE share)
GROUP BY model, grp
HAVING sum(share) > 0
ORDER BY model, grp
