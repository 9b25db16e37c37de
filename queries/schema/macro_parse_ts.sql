-- fmt is what timestamps.detect_format chose for the whole column; the result is UTC.
CREATE OR REPLACE MACRO jx_parse_ts(raw, fmt) AS CASE
    WHEN fmt = 'epoch_s' THEN to_timestamp(try_cast(raw AS DOUBLE))::TIMESTAMP
    WHEN fmt = 'epoch_ms' THEN make_timestamp(try_cast(try_cast(raw AS DOUBLE) * 1000 AS BIGINT))
    WHEN fmt = 'epoch_us' THEN make_timestamp(try_cast(try_cast(raw AS DOUBLE) AS BIGINT))
    WHEN fmt = 'epoch_ns' THEN make_timestamp(try_cast(try_cast(raw AS DOUBLE) / 1000 AS BIGINT))
    WHEN fmt = 'iso' THEN try_cast(regexp_replace(raw, '\s*(UTC|GMT|Z)$', '+00') AS TIMESTAMPTZ)::TIMESTAMP
    ELSE try_strptime(raw, fmt)::TIMESTAMP END
