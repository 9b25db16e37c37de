-- Parse timestamps, normalise identifiers, choose each row's anchor and say why a row is rejected.
CREATE OR REPLACE TEMP TABLE final AS
WITH f AS (
    SELECT m.*, s.too_many_values,
        -- The column's format first; a value it does not read is tried as ISO, epoch (by its
        -- size) and the other local formats, so one odd row costs nothing.
        CASE WHEN $ts_format = 'native' THEN s.ts_native
             ELSE coalesce(jx_parse_ts(m.ts_raw, $ts_format), jx_parse_ts(m.ts_raw, 'iso'),
                           CASE WHEN regexp_full_match(m.ts_raw, '\d{9,19}(\.\d+)?') THEN (
                               SELECT CASE WHEN v < 1e11 THEN to_timestamp(v)::TIMESTAMP
                                           WHEN v < 1e14 THEN make_timestamp((v * 1000)::BIGINT)
                                           WHEN v < 1e17 THEN make_timestamp(v::BIGINT)
                                           ELSE make_timestamp((v / 1000)::BIGINT) END
                               FROM (SELECT try_cast(m.ts_raw AS DOUBLE) AS v)) END,
                           try_strptime(m.ts_raw, $ts_fallbacks)::TIMESTAMP,
                           try_strptime(m.ts_raw, $ts_zoned_fallbacks)::TIMESTAMP) END AS ts_read,
        -- Whether the value says its zone (an offset, Z, UTC; epochs are UTC): the others are
        -- wall-clock times in the file's $timezone.
        CASE WHEN $ts_format = 'native' THEN $native_zoned
             ELSE regexp_matches(m.ts_raw, '\d:\d{2}(:\d{2}([.,]\d+)?)?\s*([AP]M\s*)?(Z|[+-]\d{2}(:?\d{2})?|UTC|GMT)\s*$', 'i')
                  OR regexp_full_match(m.ts_raw, '\d{9,19}(\.\d+)?') END AS ts_zoned,
        CASE WHEN regexp_matches(lower(trim(m.email)), '^[^@\s]+@[^@\s]+\.[^@\s]+$')
             THEN lower(trim(m.email)) END AS email_n,
        -- A hashed or opaque recipient (MD5/SHA hex, base64, a member id) is an identifier too:
        -- hex as lower case, anything else as it is. Plain emails link to their MD5/SHA-256
        -- (insert_identity_links), so a hashed export stitches with a plain one.
        CASE WHEN regexp_full_match(trim(m.email), '[A-Za-z0-9+/=_.:-]{8,}') AND regexp_matches(m.email, '\d')
             THEN CASE WHEN regexp_full_match(trim(m.email), '[0-9A-Fa-f]+') THEN lower(trim(m.email))
                       ELSE trim(m.email) END END AS email_hash,
        pm.e164 AS phone_n,
        -- A phone column of hex hashes likewise.
        CASE WHEN pm.e164 IS NULL AND regexp_full_match(trim(m.phone_raw), '[0-9A-Fa-f]{32}|[0-9A-Fa-f]{40}|[0-9A-Fa-f]{64}')
             THEN lower(trim(m.phone_raw)) END AS phone_hash
    FROM mapped m
    JOIN staged s USING (origin_row)
    LEFT JOIN phone_map pm ON pm.raw = m.phone_raw AND pm.country IS NOT DISTINCT FROM m.phone_country
), z AS (
    SELECT * EXCLUDE (ts_read, ts_zoned),
           CASE WHEN $timezone = 'UTC' OR ts_zoned THEN ts_read
                ELSE timezone('UTC', timezone($timezone, ts_read)) END AS ts
    FROM f
), a AS (
    SELECT *, CASE WHEN user_id IS NOT NULL THEN 'user_id:' || user_id
                   WHEN email_n IS NOT NULL THEN 'email:' || email_n
                   WHEN phone_n IS NOT NULL THEN 'phone:' || phone_n
                   WHEN email_hash IS NOT NULL THEN 'email_hash:' || email_hash
                   WHEN phone_hash IS NOT NULL THEN 'phone_hash:' || phone_hash
                   WHEN anonymous_id IS NOT NULL THEN 'anonymous_id:' || anonymous_id END AS anchor
    FROM z
)
SELECT *, CASE
    WHEN too_many_values THEN 'the row has more values than the header has columns'
    WHEN ts_raw IS NULL THEN 'no timestamp'
    -- The value is quoted unless it could be an email or a phone number (reasons are shown).
    WHEN ts IS NULL OR year(ts) NOT BETWEEN 1990 AND 2100 THEN 'timestamp not understood'
        || CASE WHEN NOT regexp_matches(ts_raw, '@|\d[\d\s().-]{6,}\d') THEN ': "' || left(ts_raw, 40) || '"' ELSE '' END
    WHEN anchor IS NULL AND (email IS NOT NULL OR phone_raw IS NOT NULL)
        THEN 'no usable customer identifier: the email or phone number is not valid'
    WHEN anchor IS NULL THEN 'no customer identifier (user id, anonymous id, email or phone)'
    END AS reason
FROM a
