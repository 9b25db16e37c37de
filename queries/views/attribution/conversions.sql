-- Conversions in `scope` and their value, split by whether the conversion was a call: how much
-- of the converted value "began online and closed on the phone".
SELECT count(*) AS conversions, coalesce(sum(value), 0) AS value,
       count(*) FILTER (WHERE kind = 'call') AS call_conversions,
       coalesce(sum(value) FILTER (WHERE kind = 'call'), 0) AS call_value
FROM scope
WHERE is_conversion
