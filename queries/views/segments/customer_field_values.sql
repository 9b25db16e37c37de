-- The most common values of one customer field (contact lists, at JSON $path) over the customers
-- with a journey, for the segment builder's value picker.
SELECT json_extract_string(fields, $path) AS value, count(*) AS customers
FROM customers
WHERE json_extract_string(fields, $path) IS NOT NULL
GROUP BY value
ORDER BY customers DESC, value
LIMIT 200
