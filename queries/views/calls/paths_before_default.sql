-- paths_before.sql for the page's default journeys into a call (the last 3 website touchpoints
-- in the 7 days before it), which call_rows found with touchpoints (call_facts.path_before).
SELECT coalesce(path_before, $none) AS path, count(*) AS calls,
       count(*) / (SELECT count(*) FROM call_facts) AS share,
       count(*) FILTER (WHERE answered) AS answered
FROM call_facts
GROUP BY path_before
ORDER BY path_before IS NULL, calls DESC, path_before
LIMIT $top
