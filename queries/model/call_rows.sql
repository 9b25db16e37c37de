-- One row per call with its facts and what its caller did around it, built with touchpoints so
-- that the Calls page reads them instead of searching every caller's journey each time it opens
-- (views/calls/facts.sql adds what depends on the page: the scope, time zone and costs).
-- Facts the call log gave at load in canonical form (attrs.call_*) come first; workspaces loaded
-- before those existed fall back to the touchpoint's name and the file's own columns. A call is
-- first-time when its export says so, else when it is its customer's first call. Around it, from
-- the caller's whole journey: the last website touchpoint before it and how long before
-- (any time before), the last 3 website touchpoints in the 7 days before (repeats in a row
-- merged: path_before, NULL without any), and what came in the 30 days after (the page's
-- defaults; other windows are searched when asked for). Website touchpoints are those the
-- Journeys page shows, one per moment (the last where several share a timestamp). Reads
-- derived_input (touchpoints, or an append's customers' rows).
WITH calls AS (
    SELECT customer_id, ts, origin_file, origin_row, channel, source, medium, campaign, keyword,
           value, is_conversion, touchpoint,
           -- attrs parsed once for all the facts read from it (a[1] … a[8])
           json_extract_string(attrs, ['$.call_status', '$.call_duration_seconds', '$.call_duration',
                                       '$.first_call', '$.call_tracking_number', '$.tracking_number',
                                       '$.call_landing_page', '$.landing_page']) AS a,
           row_number() OVER (PARTITION BY customer_id ORDER BY ts, origin_file, origin_row) AS nth
    FROM derived_input
    WHERE kind = 'call'
), web AS (
    SELECT customer_id, ts, arg_max(touchpoint, (origin_file, origin_row)) AS touchpoint
    FROM derived_input
    WHERE kind = 'web' AND visible_step IS NOT NULL AND customer_id IN (SELECT customer_id FROM calls)
    GROUP BY customer_id, ts
), keyed AS (
    SELECT *, row_number() OVER () AS k FROM calls
), last_web AS (
    SELECT c.k, w.touchpoint AS last_web_touchpoint, epoch(c.ts - w.ts) AS last_web_seconds
    FROM keyed c
    ASOF LEFT JOIN web w ON w.customer_id = c.customer_id AND c.ts > w.ts
), visits AS (
    SELECT c.k, w.ts, w.touchpoint, lag(w.touchpoint) OVER (PARTITION BY c.k ORDER BY w.ts) AS previous
    FROM keyed c
    JOIN web w ON w.customer_id = c.customer_id AND w.ts < c.ts AND w.ts >= c.ts - to_days(7)
), merged AS (
    SELECT k, ts, touchpoint, row_number() OVER (PARTITION BY k ORDER BY ts DESC) AS from_end
    FROM visits
    WHERE previous IS NULL OR previous <> touchpoint
), paths AS (
    SELECT k, string_agg(touchpoint, ' → ' ORDER BY ts) || ' → Call' AS path_before
    FROM merged WHERE from_end <= 3 GROUP BY k
), after AS (
    SELECT c.k, bool_or(t.kind = 'call') AS called_again, bool_or(t.kind = 'email') AS emailed,
           bool_or(t.kind = 'web') AS visited, bool_or(t.is_conversion AND t.kind <> 'call') AS converted
    FROM keyed c
    JOIN derived_input t ON t.customer_id = c.customer_id AND t.ts > c.ts AND t.ts <= c.ts + to_days(30)
    WHERE t.customer_id IN (SELECT customer_id FROM calls)
    GROUP BY c.k
)
SELECT c.customer_id, c.ts, c.origin_file, c.origin_row, c.channel, c.source, c.medium, c.campaign, c.keyword,
       c.value, c.is_conversion,
       coalesce(a[1], CASE WHEN touchpoint = 'Call missed' THEN 'missed' ELSE 'answered' END) AS status,
       coalesce(try_cast(a[2] AS DOUBLE), try_cast(regexp_replace(a[3], '[^0-9.]', '', 'g') AS DOUBLE)) AS duration,
       coalesce(try_cast(a[4] AS BOOLEAN), c.nth = 1) AS first_time,
       coalesce(a[5], nullif(regexp_replace(a[6], '[^0-9]', '', 'g'), '')) AS tracking_number,
       coalesce(a[7], CASE WHEN a[8] IS NOT NULL THEN jx_url_path(a[8]) END) AS landing_page,
       l.last_web_touchpoint, l.last_web_seconds, p.path_before,
       f.k IS NOT NULL AS followed_30d, coalesce(f.called_again, false) AS called_again_30d,
       coalesce(f.emailed, false) AS emailed_30d, coalesce(f.visited, false) AS visited_30d,
       coalesce(f.converted, false) AS converted_30d
FROM keyed c
LEFT JOIN last_web l USING (k)
LEFT JOIN paths p USING (k)
LEFT JOIN after f USING (k)
