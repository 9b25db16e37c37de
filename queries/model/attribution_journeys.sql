-- Every customer journey as the Attribution page opens on it (credit to channels, 30-day
-- lookback, 7-day half-life), built with touchpoints so the page reads it instead of splitting
-- every journey each time it opens; the same journeys as views/attribution/touches.sql,
-- lonely_conversions.sql and unconverted_window.sql make from `scope` (see them for the rules),
-- other options are worked out when asked for. One row per journey: conversion_step (NULL:
-- touchpoints after the customer's last conversion, trimmed to the lookback back from their own
-- last touch), its converted value, path (channels in order, a channel repeated back to back
-- once: what the data-driven models read) and credits (what the five rule-based models give each
-- channel of a converting journey, as heuristic.sql computes them). Reads derived_input.
WITH tagged AS NOT MATERIALIZED (
    SELECT customer_id, step, ts, is_conversion, coalesce(value, 0) AS value,
           coalesce(channel, '(no channel)') AS grp
    FROM derived_input
),
conversions AS (
    SELECT customer_id, step, ts, value, grp,
           coalesce(lag(step) OVER (PARTITION BY customer_id ORDER BY step), 0) AS previous_step
    FROM tagged
    WHERE is_conversion
),
touches AS (
    SELECT t.customer_id, c.step AS conversion_step, t.step, t.grp, t.ts,
           (epoch(c.ts) - epoch(t.ts)) / 86400 AS age_days, c.value
    FROM tagged t
    LEFT JOIN conversions c
           ON c.customer_id = t.customer_id AND t.step < c.step AND t.step > c.previous_step
    WHERE NOT t.is_conversion AND (epoch(c.ts) - epoch(t.ts) <= 30 * 86400 OR c.step IS NULL)
),
credited AS (
    SELECT customer_id, conversion_step, step, grp, age_days, value FROM touches WHERE conversion_step IS NOT NULL
    UNION ALL   -- a conversion with no credited touch is its own only touch
    SELECT c.customer_id, c.step, c.step, c.grp, 0.0, c.value
    FROM conversions c
    ANTI JOIN touches t ON t.customer_id = c.customer_id AND t.conversion_step = c.step
),
unconverted AS (
    SELECT customer_id, NULL::BIGINT AS conversion_step, step, grp, NULL::DOUBLE AS age_days, value
    FROM (SELECT *, max(ts) OVER (PARTITION BY customer_id) AS last_ts FROM touches WHERE conversion_step IS NULL)
    WHERE epoch(last_ts) - epoch(ts) <= 30 * 86400
),
per_group AS (
    SELECT customer_id, conversion_step, grp, any_value(value) AS value, count(*) AS touches,
           sum(pow(2, greatest(-age_days / 7, -1000))) AS decay,
           min(step) AS first_step, max(step) AS last_step
    FROM credited
    GROUP BY customer_id, conversion_step, grp
),
per_conversion AS (
    SELECT customer_id, conversion_step, grp, touches, decay,
           (min(first_step) OVER j = first_step)::INT AS has_first,
           (max(last_step) OVER j = last_step)::INT AS has_last,
           sum(touches) OVER j AS n, sum(decay) OVER j AS total_decay
    FROM per_group
    WINDOW j AS (PARTITION BY customer_id, conversion_step)
),
credits AS (
    SELECT customer_id, conversion_step,
           list({'grp': grp, 'first': has_first::DOUBLE, 'last': has_last::DOUBLE, 'linear': touches / n,
                 'time_decay': decay / total_decay,
                 'position': CASE WHEN n = 1 THEN 1.0
                                  WHEN n = 2 THEN touches * 0.5
                                  ELSE 0.4 * has_first + 0.4 * has_last + 0.2 * (touches - has_first - has_last) / (n - 2)
                             END} ORDER BY grp) AS credits
    FROM per_conversion
    GROUP BY customer_id, conversion_step
),
journeys AS (
    SELECT customer_id, conversion_step, list(grp ORDER BY step) AS touches, any_value(value) AS value
    FROM (SELECT customer_id, conversion_step, step, grp, value FROM credited
          UNION ALL SELECT customer_id, conversion_step, step, grp, NULL FROM unconverted)
    GROUP BY customer_id, conversion_step
)
SELECT j.customer_id, j.conversion_step, j.value,
       list_filter(j.touches, lambda g, i: i = 1 OR g != j.touches[i - 1]) AS path, c.credits
FROM journeys j
LEFT JOIN credits c ON c.customer_id = j.customer_id AND c.conversion_step = j.conversion_step
