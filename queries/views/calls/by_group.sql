-- Calls per group ($by): how many, their outcomes, first-time callers (customers), the median
-- length of answered calls (known lengths only), conversions, value and their share of the cost.
-- Hours and weekdays are local (call_facts.local_ts) and keep clock order; other groups come
-- biggest first, no group (NULL) last.
WITH g AS (
    SELECT *,
           CASE $by WHEN 'campaign' THEN campaign
                    WHEN 'source' THEN source
                    WHEN 'keyword' THEN keyword
                    WHEN 'landing_page' THEN landing_page
                    WHEN 'tracking_number' THEN tracking_number
                    WHEN 'hour' THEN lpad(hour(local_ts)::VARCHAR, 2, '0') || ':00'
                    WHEN 'weekday' THEN dayname(local_ts) END AS grp,
           CASE $by WHEN 'hour' THEN hour(local_ts) WHEN 'weekday' THEN isodow(local_ts) END AS clock
    FROM call_facts
), per_group AS (
    SELECT grp, min(clock) AS clock,
           count(*) AS calls,
           count(*) FILTER (WHERE answered) AS answered,
           count(*) FILTER (WHERE status = 'voicemail') AS voicemail,
           count(*) FILTER (WHERE status = 'abandoned') AS abandoned,
           count(DISTINCT customer_id) FILTER (WHERE first_time) AS first_time_callers,
           count(*) FILTER (WHERE first_time AND answered) AS answered_first_time,
           median(duration) FILTER (WHERE answered) AS median_duration_seconds,
           count(*) FILTER (WHERE is_conversion) AS conversions,
           coalesce(sum(value), 0) AS value,
           coalesce(sum(cost), 0) AS cost
    FROM g GROUP BY grp
)
SELECT grp AS "group", calls, answered, calls - answered AS missed, voicemail, abandoned,
       answered / calls AS answer_rate, first_time_callers, answered_first_time,
       median_duration_seconds, conversions, value, cost,
       cost / calls AS cost_per_call,
       cost / nullif(answered_first_time, 0) AS cost_per_answered_first_time_call,
       value / nullif(cost, 0) AS roi
FROM per_group
ORDER BY clock NULLS LAST, grp IS NULL, calls DESC, grp
