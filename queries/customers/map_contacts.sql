-- Contact-list rows → identifiers and fields only (no touchpoint). finalize.sql normalises and
-- anchors them as it does events; the placeholder time is never stored.
CREATE OR REPLACE TEMP TABLE mapped AS
SELECT
    origin_row,
    '2000-01-01 00:00:00' AS ts_raw,
    NULL::VARCHAR AS touchpoint, NULL::VARCHAR AS source, NULL::VARCHAR AS medium,
    NULL::VARCHAR AS campaign, NULL::VARCHAR AS keyword, NULL::DOUBLE AS value,
    NULL::VARCHAR AS session_id,
    attrs,
    jx_clean(f_user_id) AS user_id,
    jx_clean(f_anonymous_id) AS anonymous_id,
    jx_clean(f_email) AS email,
    jx_clean(f_phone) AS phone_raw,
    CASE WHEN regexp_matches(attrs->>'country', '^[A-Za-z]{2}$') THEN upper(attrs->>'country') END AS phone_country,
    NULL::VARCHAR AS gclid
FROM staged
