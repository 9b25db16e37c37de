-- Moves between states over attribution_paths, counted over journeys: from_group NULL is the
-- start, to_group NULL the end of the journey (a conversion when converted, else nowhere);
-- value is the converted value of the journeys that end there.
SELECT from_group, to_group, converted, sum(journeys) AS journeys,
       sum(CASE WHEN to_group IS NULL THEN value ELSE 0 END) AS value
FROM (SELECT unnest(list_prepend(NULL, path)) AS from_group, unnest(list_append(path, NULL)) AS to_group,
             converted, journeys, value
      FROM attribution_paths)
GROUP BY ALL
ORDER BY from_group NULLS FIRST, to_group NULLS LAST, converted
