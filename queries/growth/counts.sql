-- Interactions, active customers and conversions per period ($period: day, week, month,
-- quarter or year; weeks start on Monday) and group ($by: channel, kind or campaign) of `scope`.
-- Groups past the $top biggest are folded into 'Other' before counting, so Other's customers
-- are distinct customers rather than a sum. rank orders the groups (biggest first, Other last).
CREATE OR REPLACE TEMP TABLE growth_counts AS
WITH tagged AS (
    SELECT date_trunc($period, ts)::DATE AS period, customer_id, is_conversion,
           coalesce(CASE $by WHEN 'channel' THEN channel WHEN 'kind' THEN kind ELSE campaign END,
                    '(no ' || $by || ')') AS grp
    FROM scope
), ranked AS (
    SELECT grp, row_number() OVER (ORDER BY count(*) DESC, grp) AS rank FROM tagged GROUP BY grp
)
SELECT t.period,
       CASE WHEN r.rank <= $top THEN t.grp ELSE 'Other' END AS "group",
       least(r.rank, $top + 1) AS rank,
       count(*) AS interactions,
       count(DISTINCT t.customer_id) AS customers,
       count(*) FILTER (WHERE t.is_conversion) AS conversions
FROM tagged t JOIN ranked r USING (grp)
GROUP BY ALL
