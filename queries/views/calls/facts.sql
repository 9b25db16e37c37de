-- One row per call in scope with what the calls views count and group by (a temp table that
-- each of them reads). Facts the call log gave at load in canonical form (attrs.call_*) come
-- first; workspaces loaded before those existed fall back to the touchpoint's name and the
-- file's own columns. local_ts is the call's time in the workspace's time zone ($timezone).
-- A call is first-time when its export says so, else when it is its customer's first call.
-- cost is the call's share of the spend in cost_rows: each cost row is spread evenly over all
-- the workspace's calls in its period (local days) with its channel and campaign (blank = any),
-- so a call's share does not depend on the filters.
CREATE OR REPLACE TEMP TABLE call_facts AS
WITH calls AS (
    SELECT customer_id, ts, origin_file, origin_row, channel, source, medium, campaign, keyword,
           value, is_conversion, touchpoint,
           -- attrs parsed once for all the facts read from it (a[1] … a[8])
           json_extract_string(attrs, ['$.call_status', '$.call_duration_seconds', '$.call_duration',
                                       '$.first_call', '$.call_tracking_number', '$.tracking_number',
                                       '$.call_landing_page', '$.landing_page']) AS a,
           timezone($timezone, ts AT TIME ZONE 'UTC') AS local_ts,
           -- exact duplicates (one file loaded twice) are told apart by position only
           row_number() OVER (ORDER BY ts, customer_id, origin_file, origin_row) AS call_id
    FROM touchpoints
    WHERE kind = 'call'
), firsts AS (
    SELECT customer_id, min(call_id) AS first_call_id FROM calls GROUP BY customer_id
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
    SELECT DISTINCT customer_id, ts, origin_file, origin_row FROM scope WHERE kind = 'call'
), facts AS (
    SELECT c.*,
           coalesce(a[1], CASE WHEN touchpoint = 'Call missed' THEN 'missed' ELSE 'answered' END) AS status,
           coalesce(try_cast(a[2] AS DOUBLE), try_cast(regexp_replace(a[3], '[^0-9.]', '', 'g') AS DOUBLE)) AS duration,
           coalesce(try_cast(a[4] AS BOOLEAN), c.call_id = f.first_call_id) AS first_time,
           coalesce(a[5], nullif(regexp_replace(a[6], '[^0-9]', '', 'g'), '')) AS tracking_number,
           coalesce(a[7], CASE WHEN a[8] IS NOT NULL THEN jx_url_path(a[8]) END) AS landing_page,
           s.cost
    FROM calls c
    SEMI JOIN in_scope i USING (customer_id, ts, origin_file, origin_row)
    JOIN firsts f USING (customer_id)
    LEFT JOIN shares s USING (call_id)
)
SELECT call_id, customer_id, ts, local_ts, channel, source, medium, campaign, keyword, value,
       is_conversion, status, status = 'answered' AS answered, duration, first_time,
       tracking_number, landing_page, cost
FROM facts
