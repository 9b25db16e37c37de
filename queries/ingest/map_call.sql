-- Call-log rows → touchpoints named by outcome; "First call answered" is a default conversion.
CREATE OR REPLACE TEMP TABLE mapped AS
WITH s AS (
    SELECT *,
        lower(jx_clean(f_answered)) AS status,
        lower(jx_clean(f_first_call)) AS first_flag,
        -- "183", "183 s" or "00:03:03"
        coalesce(epoch(try_cast(CASE WHEN f_duration LIKE '%:%' THEN jx_clean(f_duration) END AS INTERVAL)),
                 try_cast(regexp_replace(jx_clean(f_duration), '[^0-9.]', '', 'g') AS DOUBLE)) AS seconds,
        jx_clean(f_page) AS url
    FROM staged
), a AS (
    SELECT *,
        CASE WHEN status IN ('true', 'yes', 'y', '1', 'answered', 'completed', 'complete', 'connected') THEN true
             WHEN regexp_matches(coalesce(status, ''), 'voice ?mail|miss|no.?answer|unanswered|busy|abandon|fail|cancel|not answered|^(false|no|n|0)$') THEN false
             WHEN regexp_matches(coalesce(status, ''), 'answer') THEN true
             ELSE coalesce(seconds, 0) > 0 END AS answered,
        coalesce(first_flag IN ('true', 'yes', 'y', '1', 'new', 'first', 'first call', 'new caller', 'first-time caller'), false) AS first_call
    FROM s
)
SELECT
    origin_row,
    jx_clean(f_timestamp) AS ts_raw,
    CASE WHEN answered AND first_call THEN 'First call answered'
         WHEN answered THEN 'Call answered' ELSE 'Call missed' END AS touchpoint,
    lower(jx_clean(coalesce(f_source, jx_url_param(url, 'utm_source')))) AS source,
    lower(jx_clean(coalesce(f_medium, jx_url_param(url, 'utm_medium')))) AS medium,
    lower(jx_clean(coalesce(f_campaign, jx_url_param(url, 'utm_campaign')))) AS campaign,
    lower(jx_clean(coalesce(f_keyword, jx_url_param(url, 'utm_term')))) AS keyword,
    try_cast(regexp_replace(jx_clean(f_value), '[^0-9.eE+-]', '', 'g') AS DOUBLE) AS value,
    jx_clean(f_session_id) AS session_id,
    attrs,
    jx_clean(f_user_id) AS user_id,
    jx_clean(f_anonymous_id) AS anonymous_id,
    jx_clean(f_email) AS email,
    jx_clean(f_phone) AS phone_raw,
    CASE WHEN regexp_matches(attrs->>'country', '^[A-Za-z]{2}$') THEN upper(attrs->>'country') END AS phone_country,
    jx_clean(coalesce(f_gclid, jx_url_param(url, 'gclid'))) AS gclid
FROM a
