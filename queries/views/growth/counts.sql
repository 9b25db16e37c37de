-- Interactions, active customers and conversions per period ($period: day, week, month,
-- quarter or year; weeks start on Monday) and group ($by: channel, kind or campaign) of `scope`.
-- Groups not in $kept are folded into 'Other' before counting, so Other's customers are
-- distinct customers rather than a sum. rank orders the groups as $kept does, Other last.
CREATE OR REPLACE TEMP TABLE growth_counts AS
WITH tagged AS (
    SELECT date_trunc($period, ts)::DATE AS period, customer_id, is_conversion,
           coalesce(CASE $by WHEN 'channel' THEN channel WHEN 'kind' THEN kind ELSE campaign END,
                    '(no ' || $by || ')') AS grp
    FROM scope
), folded AS (
    SELECT period, customer_id, is_conversion,
           coalesce(list_position($kept::VARCHAR[], grp), len($kept::VARCHAR[]) + 1) AS rank
    FROM tagged
)
SELECT period, coalesce(($kept::VARCHAR[])[rank], 'Other') AS "group", rank,
       count(*) AS interactions,
       count(DISTINCT customer_id) AS customers,
       count(*) FILTER (WHERE is_conversion) AS conversions
FROM folded
GROUP BY period, rank
