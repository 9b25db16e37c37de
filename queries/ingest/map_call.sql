-- Call-log rows → touchpoints named by outcome; "First call answered" is a default conversion.
-- The call's facts also go into attrs, beside the file's own columns, in one form whatever the
-- export wrote: call_status (answered, missed, voicemail or abandoned), call_duration_seconds
-- (a number), first_call (true/false; left out when the export does not say),
-- call_tracking_number (its digits) and call_landing_page (the page's path).
CREATE OR REPLACE TEMP TABLE mapped AS
WITH s AS (
    SELECT *,
        lower(jx_clean(f_answered)) AS status,
        lower(jx_clean(f_first_call)) AS first_flag,
        jx_clean(f_duration) AS duration_text,
        jx_clean(f_page) AS url
    FROM staged
), d AS (
    SELECT *,
        -- "183", "183 s", "3:03" (minutes:seconds), "00:03:03" or "3m 3s" / "1 h 2 min"
        CASE WHEN duration_text LIKE '%:%'
             THEN list_reduce(list_transform(string_split(duration_text, ':'), lambda x: try_cast(trim(x) AS DOUBLE)),
                              lambda acc, x: acc * 60 + x)
             WHEN regexp_full_match(lower(duration_text), '\s*(\d+\s*h[a-z]*)?\s*(\d+\s*m[a-z]*)?\s*(\d+\s*s[a-z]*)?\s*')
                  AND regexp_matches(lower(duration_text), '\d\s*[hm]')
             THEN coalesce(try_cast(regexp_extract(lower(duration_text), '(\d+)\s*h', 1) AS DOUBLE), 0) * 3600
                + coalesce(try_cast(regexp_extract(lower(duration_text), '(\d+)\s*m', 1) AS DOUBLE), 0) * 60
                + coalesce(try_cast(regexp_extract(lower(duration_text), '(\d+)\s*s', 1) AS DOUBLE), 0)
             ELSE try_cast(regexp_replace(duration_text, '[^0-9.]', '', 'g') AS DOUBLE) END AS seconds
    FROM s
), a AS (
    SELECT *,
        CASE WHEN regexp_matches(coalesce(status, ''), 'voice ?mail') THEN 'voicemail'
             WHEN regexp_matches(coalesce(status, ''), 'abandon') THEN 'abandoned'
             WHEN status IN ('true', 'yes', 'y', '1', 'answered', 'completed', 'complete', 'connected') THEN 'answered'
             WHEN regexp_matches(coalesce(status, ''), 'miss|no.?answer|unanswered|busy|fail|cancel|not answered|^(false|no|n|0)$') THEN 'missed'
             WHEN regexp_matches(coalesce(status, ''), 'answer') THEN 'answered'
             WHEN coalesce(seconds, 0) > 0 THEN 'answered'
             ELSE 'missed' END AS call_status,
        CASE WHEN first_flag IS NOT NULL
             THEN first_flag IN ('true', 'yes', 'y', '1', 'new', 'first', 'first call', 'new caller', 'first-time caller') END AS first_flag_bool
    FROM d
)
SELECT
    origin_row,
    jx_clean(f_timestamp) AS ts_raw,
    CASE WHEN call_status = 'answered' AND coalesce(first_flag_bool, false) THEN 'First call answered'
         WHEN call_status = 'answered' THEN 'Call answered' ELSE 'Call missed' END AS touchpoint,
    lower(jx_clean(coalesce(f_source, jx_url_param(url, 'utm_source')))) AS source,
    lower(jx_clean(coalesce(f_medium, jx_url_param(url, 'utm_medium')))) AS medium,
    lower(jx_clean(coalesce(f_campaign, jx_url_param(url, 'utm_campaign')))) AS campaign,
    lower(jx_clean(coalesce(f_keyword, jx_url_param(url, 'utm_term')))) AS keyword,
    jx_value(f_value) AS value,
    jx_clean(f_session_id) AS session_id,
    -- A null in the patch leaves the key out (JSON merge patch).
    json_merge_patch(coalesce(attrs, '{}'::JSON), json_object(
        'call_status', call_status,
        'call_duration_seconds', seconds,
        'first_call', first_flag_bool,
        'call_tracking_number', nullif(regexp_replace(coalesce(jx_clean(f_tracking_number), ''), '[^0-9]', '', 'g'), ''),
        'call_landing_page', CASE WHEN url IS NOT NULL THEN jx_url_path(url) END)) AS attrs,
    jx_clean(f_user_id) AS user_id,
    jx_clean(f_anonymous_id) AS anonymous_id,
    jx_clean(f_email) AS email,
    jx_clean(f_phone) AS phone_raw,
    CASE WHEN regexp_matches(attrs->>'country', '^[A-Za-z]{2}$') THEN upper(attrs->>'country') END AS phone_country,
    jx_clean(coalesce(f_gclid, jx_url_param(url, 'gclid'))) AS gclid
FROM a
