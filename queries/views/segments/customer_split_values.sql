-- The $top most common values of one customer field (contact lists, at JSON $path) among the
-- customers in scope.
SELECT json_extract_string(c.fields, $path) AS value, count(*) AS customers
FROM (SELECT DISTINCT customer_id FROM scope) s
JOIN customers c USING (customer_id)
WHERE json_extract_string(c.fields, $path) IS NOT NULL
GROUP BY value
ORDER BY customers DESC, value
LIMIT $top
