-- The $top most common values of one field ($field: a column, or an attribute at JSON $path) on
-- customers' first touchpoints (the lowest step: journey order, computed at load).
WITH firsts AS (
    SELECT arg_min_null(CASE $field WHEN 'kind' THEN kind WHEN 'touchpoint' THEN touchpoint
                                    WHEN 'channel' THEN channel WHEN 'source' THEN source
                                    WHEN 'medium' THEN medium WHEN 'campaign' THEN campaign
                                    WHEN 'keyword' THEN keyword WHEN 'stage' THEN stage
                                    ELSE json_extract_string(attrs, $path) END,
                        step) AS value
    FROM scope
    GROUP BY customer_id
)
SELECT value, count(*) AS customers FROM firsts
WHERE value IS NOT NULL
GROUP BY value
ORDER BY customers DESC, value
LIMIT $top
