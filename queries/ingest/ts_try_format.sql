-- How many sampled values parse with fmt into a plausible time (1990 to 2100).
SELECT count(*) FILTER (WHERE year(t) BETWEEN 1990 AND 2100)
FROM (SELECT jx_parse_ts(v, $fmt) AS t FROM ts_sample)
