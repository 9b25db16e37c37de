-- The most common values of one field ($field: a column, or an attribute at JSON $path) over
-- all touchpoints, for the segment builder's value picker.
SELECT value, count(*) AS touchpoints FROM (
    SELECT CASE $field WHEN 'kind' THEN kind WHEN 'touchpoint' THEN touchpoint
                       WHEN 'channel' THEN channel WHEN 'source' THEN source
                       WHEN 'medium' THEN medium WHEN 'campaign' THEN campaign
                       WHEN 'keyword' THEN keyword WHEN 'stage' THEN stage
                       ELSE json_extract_string(attrs, $path) END AS value
    FROM touchpoints
) WHERE value IS NOT NULL
GROUP BY value
ORDER BY touchpoints DESC, value
LIMIT 200
