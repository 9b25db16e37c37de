-- Parse timestamps, normalise identifiers, choose each row's anchor and say why a row is rejected.
CREATE OR REPLACE TEMP TABLE final AS
WITH f AS (
    SELECT m.*, s.too_many_values, jx_parse_ts(m.ts_raw, $ts_format) AS ts,
        CASE WHEN regexp_matches(lower(trim(m.email)), '^[^@\s]+@[^@\s]+\.[^@\s]+$')
             THEN lower(trim(m.email)) END AS email_n,
        pm.e164 AS phone_n
    FROM mapped m
    JOIN staged s USING (origin_row)
    LEFT JOIN phone_map pm ON pm.raw = m.phone_raw AND pm.country IS NOT DISTINCT FROM m.phone_country
), a AS (
    SELECT *, CASE WHEN user_id IS NOT NULL THEN 'user_id:' || user_id
                   WHEN email_n IS NOT NULL THEN 'email:' || email_n
                   WHEN phone_n IS NOT NULL THEN 'phone:' || phone_n
                   WHEN anonymous_id IS NOT NULL THEN 'anonymous_id:' || anonymous_id END AS anchor
    FROM f
)
SELECT *, CASE
    WHEN too_many_values THEN 'the row has more values than the header has columns'
    WHEN ts_raw IS NULL THEN 'no timestamp'
    WHEN ts IS NULL OR year(ts) NOT BETWEEN 1990 AND 2100 THEN 'timestamp not understood: "' || left(ts_raw, 40) || '"'
    WHEN anchor IS NULL AND (email IS NOT NULL OR phone_raw IS NOT NULL)
        THEN 'no usable customer identifier: the email or phone number is not valid'
    WHEN anchor IS NULL THEN 'no customer identifier (user id, anonymous id, email or phone)'
    END AS reason
FROM a
