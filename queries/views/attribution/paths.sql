-- Each journey of attribution_touches as the path of its groups in order, a group repeated
-- back to back counted once (A > A > B is A > B), summed over journeys: temp table
-- attribution_paths(path, converted, journeys, value). What the data-driven models read.
CREATE OR REPLACE TEMP TABLE attribution_paths AS
WITH journeys AS (
    SELECT conversion_step IS NOT NULL AS converted, list(grp ORDER BY step) AS touches,
           any_value(value) AS value
    FROM attribution_touches
    GROUP BY customer_id, conversion_step
)
SELECT list_filter(touches, lambda g, i: i = 1 OR g != touches[i - 1]) AS path, converted,
       count(*) AS journeys, sum(value) AS value
FROM journeys
GROUP BY ALL
