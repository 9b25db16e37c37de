-- Credit per group under the five rule-based models, from attribution_touches (one row per
-- model and group, conversions and value credited). Touches are first summed per conversion
-- and group, so each model is a sum over those rows:
--   first / last   the conversion's first / last credited touch (by step) takes it all
--   linear         every touch an equal share: a group touched twice gets two
--   time_decay     weight 2^(-days before the conversion / $half_life_days), normalised per
--                  conversion (past 1,000 half-lives every touch weighs the same tiny amount
--                  instead of underflowing to none)
--   position       1 touch: all; 2: half each; 3 or more: 40% first, 40% last, the other 20%
--                  shared equally by the touches in between
WITH per_group AS (
    SELECT customer_id, conversion_step, grp, any_value(value) AS value, count(*) AS touches,
           sum(pow(2, greatest(-age_days / $half_life_days, -1000))) AS decay,
           min(step) AS first_step, max(step) AS last_step
    FROM attribution_touches
    WHERE conversion_step IS NOT NULL
    GROUP BY customer_id, conversion_step, grp
),
per_conversion AS (
    SELECT grp, value, touches, decay,
           (min(first_step) OVER j = first_step)::INT AS has_first,
           (max(last_step) OVER j = last_step)::INT AS has_last,
           sum(touches) OVER j AS n, sum(decay) OVER j AS total_decay
    FROM per_group
    WINDOW j AS (PARTITION BY customer_id, conversion_step)
),
shares AS (
    SELECT grp, value,
           has_first::DOUBLE AS "first",
           has_last::DOUBLE AS "last",
           touches / n AS linear,
           decay / total_decay AS time_decay,
           CASE WHEN n = 1 THEN 1.0
                WHEN n = 2 THEN touches * 0.5
                ELSE 0.4 * has_first + 0.4 * has_last + 0.2 * (touches - has_first - has_last) / (n - 2)
           END AS position
    FROM per_conversion
)
SELECT model, grp, sum(share) AS conversions, sum(share * value) AS value
FROM (UNPIVOT shares ON "first", "last", linear, time_decay, position INTO NAME model VALUE share)
GROUP BY model, grp
HAVING sum(share) > 0
ORDER BY model, grp
