-- The most common last website touchpoints before a call, with the median time between; calls
-- without any website visit before them last.
SELECT coalesce(touchpoint, $none) AS touchpoint, count(*) AS calls,
       count(*) / (SELECT count(*) FROM call_last_web) AS share,
       median(seconds_before) / 60 AS median_minutes_before
FROM call_last_web
GROUP BY touchpoint
ORDER BY touchpoint IS NULL, calls DESC, touchpoint
LIMIT $top
