-- Email-activity rows → "Email opened", "Email clicked", … whatever the tool calls them.
CREATE OR REPLACE TEMP TABLE mapped AS
WITH s AS (
    SELECT *, lower(jx_clean(f_event)) AS action, jx_clean(f_page) AS url FROM staged
)
SELECT
    origin_row,
    jx_clean(f_timestamp) AS ts_raw,
    CASE WHEN action IS NULL THEN 'Email activity'
         WHEN action LIKE '%unsub%' THEN 'Email unsubscribed'
         WHEN action LIKE '%spam%' THEN 'Email marked as spam'
         WHEN regexp_matches(action, 'bounce|drop|block|fail') THEN 'Email bounced'
         WHEN action LIKE '%click%' THEN 'Email clicked'
         WHEN action LIKE '%open%' THEN 'Email opened'
         WHEN action LIKE '%deliver%' THEN 'Email delivered'
         WHEN regexp_matches(action, 'sent|send|process') THEN 'Email sent'
         ELSE 'Email ' || action END AS touchpoint,
    lower(jx_clean(coalesce(f_source, jx_url_param(url, 'utm_source')))) AS source,
    lower(coalesce(jx_clean(coalesce(f_medium, jx_url_param(url, 'utm_medium'))), 'email')) AS medium,
    lower(jx_clean(coalesce(f_campaign, jx_url_param(url, 'utm_campaign')))) AS campaign,
    lower(jx_clean(coalesce(f_keyword, jx_url_param(url, 'utm_term')))) AS keyword,
    jx_value(f_value) AS value,
    jx_clean(f_session_id) AS session_id,
    attrs,
    jx_clean(f_user_id) AS user_id,
    jx_clean(f_anonymous_id) AS anonymous_id,
    jx_clean(f_email) AS email,
    jx_clean(f_phone) AS phone_raw,
    CASE WHEN regexp_matches(attrs->>'country', '^[A-Za-z]{2}$') THEN upper(attrs->>'country') END AS phone_country,
    jx_clean(f_gclid) AS gclid
FROM s
