-- The groups ($by: channel, kind or campaign) of `scope`, most interactions first: the page and
-- export keep the first $top and fold the rest into Other.
SELECT coalesce(CASE $by WHEN 'channel' THEN channel WHEN 'kind' THEN kind ELSE campaign END,
                '(no ' || $by || ')') AS "group",
       count(*) AS interactions
FROM scope
GROUP BY "group"
ORDER BY interactions DESC, "group"
