-- How long before a call its last website touchpoint was: every bin, empty ones as 0.
WITH bins(bin, label, low, high) AS (
    VALUES (1, 'under 10 min', 0, 600), (2, '10 min to 1 hour', 600, 3600),
           (3, '1 to 24 hours', 3600, 86400), (4, '1 to 7 days', 86400, 604800),
           (5, 'more than 7 days', 604800, NULL), (6, 'no website visit before', NULL, NULL)
)
SELECT b.label AS time_before, count(l.call_id) AS calls,
       count(l.call_id) / nullif((SELECT count(*) FROM call_last_web), 0) AS share
FROM bins b
LEFT JOIN call_last_web l
  ON CASE WHEN b.low IS NULL THEN l.seconds_before IS NULL
          ELSE l.seconds_before >= b.low AND (b.high IS NULL OR l.seconds_before < b.high) END
GROUP BY b.bin, b.label
ORDER BY b.bin
