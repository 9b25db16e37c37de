-- Web and generic event rows → touchpoint fields. Values missing from their own column are
-- looked up in the event parameters (GA4 event_params, JSON properties) and in the page URL.
CREATE OR REPLACE TEMP TABLE mapped AS
WITH s AS (
    SELECT *, jx_params(f_params) AS p FROM staged
), u AS (
    SELECT *,
        jx_clean(coalesce(f_page, p['page_location'], p['page_path'], p['url'], p['path'],
                          p['$current_url'], p['current_url'], p['page'])) AS url,
        jx_clean(coalesce(f_event, p['event'])) AS ev,
        jx_clean(coalesce(f_referrer, p['page_referrer'], p['referrer'], p['$referrer'])) AS ref
    FROM s
), r AS (
    SELECT *,
        lower(regexp_extract(ref, '^[A-Za-z]+://(?:www\.)?([^/?#:]+)', 1)) AS ref_host,
        lower(regexp_extract(url, '^[A-Za-z]+://(?:www\.)?([^/?#:]+)', 1)) AS url_host,
        jx_clean(coalesce(f_gclid, p['gclid'], jx_url_param(url, 'gclid'))) AS click_id
    FROM u
)
SELECT
    origin_row,
    jx_clean(f_timestamp) AS ts_raw,
    CASE WHEN ev IS NULL OR lower(ev) IN ('page_view', 'page', 'pageview', '$pageview',
             '$mp_web_page_view', 'loaded a page', 'viewed page', 'page viewed', 'page_ping')
         THEN CASE WHEN url IS NOT NULL THEN 'page_view ' || jx_url_path(url) ELSE coalesce(ev, 'page_view') END
         ELSE ev END AS touchpoint,
    lower(jx_clean(coalesce(f_source, p['source'], p['utm_source'], jx_url_param(url, 'utm_source'),
        -- A Google Ads click id without a source of its own is Google Ads (as GA4 reads it),
        -- whatever the referrer says.
        CASE WHEN click_id IS NOT NULL THEN 'google' END,
        CASE WHEN lower(f_ref_medium) IN ('search', 'social', 'email') THEN f_ref_source END,
        CASE WHEN ref_host <> '' AND ref_host <> url_host THEN ref_host END))) AS source,
    lower(jx_clean(coalesce(f_medium, p['medium'], p['utm_medium'], jx_url_param(url, 'utm_medium'),
        CASE WHEN click_id IS NOT NULL THEN 'cpc' END,
        CASE lower(f_ref_medium) WHEN 'search' THEN 'organic' WHEN 'social' THEN 'social'
                                 WHEN 'email' THEN 'email' END,
        CASE WHEN ref_host <> '' AND ref_host <> url_host THEN 'referral' END))) AS medium,
    lower(jx_clean(coalesce(f_campaign, p['campaign'], p['utm_campaign'], jx_url_param(url, 'utm_campaign')))) AS campaign,
    lower(jx_clean(coalesce(f_keyword, p['term'], p['utm_term'], jx_url_param(url, 'utm_term')))) AS keyword,
    jx_value(coalesce(f_value, p['value'], p['revenue'])) AS value,
    jx_clean(coalesce(f_session_id, p['ga_session_id'], p['session_id'], p['$session_id'])) AS session_id,
    attrs,
    jx_clean(coalesce(f_user_id, p['user_id'])) AS user_id,
    jx_clean(regexp_replace(f_anonymous_id, '^\$device:', '')) AS anonymous_id,  -- Mixpanel's prefix
    jx_clean(coalesce(f_email, p['email'], p['form_email'], p['$email'], p['user_email'])) AS email,
    jx_clean(coalesce(f_phone, p['phone'], p['form_phone'], p['$phone'], p['phone_number'])) AS phone_raw,
    CASE WHEN regexp_matches(attrs->>'country', '^[A-Za-z]{2}$') THEN upper(attrs->>'country') END AS phone_country,
    click_id AS gclid
FROM r
