-- The most common values of one attribute (for the sidebar's attribute filter).
SELECT value, count(*) AS touchpoints FROM (
    SELECT json_extract_string(attrs, $path) AS value FROM touchpoints WHERE attrs IS NOT NULL
) WHERE value IS NOT NULL
GROUP BY value ORDER BY touchpoints DESC, value LIMIT 200
