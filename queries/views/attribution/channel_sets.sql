-- The set of groups each converting journey touched, with the conversions and value of the
-- journeys that touched exactly that set (what the Shapley model reads).
SELECT list_sort(list_distinct(path)) AS groups, sum(journeys) AS conversions, sum(value) AS value
FROM attribution_paths
WHERE converted
GROUP BY ALL
ORDER BY conversions DESC, groups
