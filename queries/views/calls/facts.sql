-- One row per call in scope with what the calls views count and group by (a temp table that
-- each of them reads), from call_rows (each call's facts and what its caller did around it,
-- built with touchpoints: queries/model/call_rows.sql). $whole: nothing is filtered, every
-- call is in scope. local_ts is the call's time in the workspace's time zone ($timezone).
-- cost is the call's share of the spend in cost_rows: each cost row is spread evenly over all
-- the workspace's calls in its period (local days) with its channel and campaign (blank = any),
-- so a call's share does not depend on the filters.
CREATE OR REPLACE TEMP TABLE call_facts AS
WITH calls AS (
    SELECT *, timezone($timezone, ts AT TIME ZONE 'UTC') AS local_ts,
           -- exact duplicates (one file loaded twice) are told apart by position only
           row_number() OVER (ORDER BY ts, customer_id, origin_file, origin_row) AS call_id
    FROM call_rows
), costs AS (
    SELECT row_number() OVER () AS cost_row, period_start::DATE AS period_start,
           period_end::DATE AS period_end, lower(trim(channel)) AS channel,
           lower(trim(campaign)) AS campaign, cost::DOUBLE AS cost
    FROM cost_rows
), covered AS (
    SELECT c.call_id, r.cost / count(*) OVER (PARTITION BY r.cost_row) AS share
    FROM costs r
    JOIN calls c
      ON c.local_ts::DATE BETWEEN r.period_start AND r.period_end
     AND (r.channel IS NULL OR lower(c.channel) = r.channel)
     AND (r.campaign IS NULL OR c.campaign = r.campaign)
), shares AS (
    SELECT call_id, sum(share) AS cost FROM covered GROUP BY call_id
), in_scope AS (
    SELECT DISTINCT customer_id, ts, origin_file, origin_row FROM scope WHERE kind = 'call' AND NOT $whole
)
SELECT c.call_id, c.customer_id, c.ts, c.local_ts, c.channel, c.source, c.medium, c.campaign, c.keyword,
       c.value, c.is_conversion, c.status, c.status = 'answered' AS answered, c.duration, c.first_time,
       c.tracking_number, c.landing_page, s.cost,
       c.origin_file, c.origin_row, c.last_web_touchpoint, c.last_web_seconds, c.path_before,
       c.followed_30d, c.called_again_30d, c.emailed_30d, c.visited_30d, c.converted_30d
FROM calls c
LEFT JOIN shares s USING (call_id)
WHERE $whole OR EXISTS (SELECT 1 FROM in_scope i WHERE i.customer_id = c.customer_id AND i.ts = c.ts
                                                  AND i.origin_file = c.origin_file AND i.origin_row = c.origin_row)
