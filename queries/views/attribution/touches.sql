-- The touches each conversion's credit goes to (temp table attribution_touches), from `scope`.
-- A customer's journeys end at each conversion: the touchpoints after their previous conversion
-- and before this one belong to it, and those inside the lookback ($lookback_seconds before the
-- conversion, the edge included) are its credited touches, age_days before it. Touchpoints
-- after a customer's last conversion form a journey that did not convert (conversion_step
-- NULL): the Markov model's paths to nowhere, kept when $unconverted, trimmed to the same window
-- by unconverted_window.sql. Conversions are never credited themselves (but see
-- lonely_conversions.sql).
-- grp is the field credit is given to ($by: channel, source, campaign or keyword); step orders
-- a customer's touchpoints (ts, then file and row), so journeys need no sorting of their own.
CREATE OR REPLACE TEMP TABLE attribution_touches AS
WITH tagged AS NOT MATERIALIZED (
    SELECT customer_id, step, ts, is_conversion, coalesce(value, 0) AS value,
           coalesce(CASE $by WHEN 'channel' THEN channel WHEN 'source' THEN source
                             WHEN 'campaign' THEN campaign ELSE keyword END,
                    '(no ' || $by || ')') AS grp
    FROM scope
),
conversions AS (
    SELECT customer_id, step, ts, value,
           coalesce(lag(step) OVER (PARTITION BY customer_id ORDER BY step), 0) AS previous_step
    FROM tagged
    WHERE is_conversion
)
SELECT t.customer_id, c.step AS conversion_step, t.step, t.grp, t.ts,
       (epoch(c.ts) - epoch(t.ts)) / 86400 AS age_days, c.value
FROM tagged t
LEFT JOIN conversions c
       ON c.customer_id = t.customer_id AND t.step < c.step AND t.step > c.previous_step
WHERE NOT t.is_conversion
  AND (epoch(c.ts) - epoch(t.ts) <= $lookback_seconds OR (c.step IS NULL AND $unconverted))
