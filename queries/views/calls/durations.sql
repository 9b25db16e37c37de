-- How long answered calls last (those with a known length), in bins a person reads at a glance;
-- every bin is listed, empty ones as 0.
WITH bins(bin, label, low, high) AS (
    VALUES (1, 'under 30 s', 0, 30), (2, '30 s to 1 min', 30, 60), (3, '1 to 2 min', 60, 120),
           (4, '2 to 5 min', 120, 300), (5, '5 to 10 min', 300, 600), (6, '10 to 20 min', 600, 1200),
           (7, '20 min or more', 1200, NULL)
), answered AS (
    SELECT duration FROM call_facts WHERE answered AND duration IS NOT NULL
)
SELECT b.label AS duration, count(a.duration) AS calls,
       count(a.duration) / nullif((SELECT count(*) FROM answered), 0) AS share
FROM bins b
LEFT JOIN answered a ON a.duration >= b.low AND (b.high IS NULL OR a.duration < b.high)
GROUP BY b.bin, b.label
ORDER BY b.bin
