-- Headline numbers: customers, touchpoints, date range, and how many customers more than one
-- kind of data (web, call, email) tells us about.
WITH per_customer AS (
    SELECT customer_id, count(DISTINCT kind) AS kinds, bool_or(is_conversion) AS converted
    FROM scope GROUP BY customer_id
)
SELECT (SELECT count(*) FROM scope) AS touchpoints,
       count(*) AS customers,
       count(*) FILTER (WHERE kinds > 1) AS multi_kind_customers,
       coalesce(count(*) FILTER (WHERE kinds > 1) / nullif(count(*), 0), 0) AS multi_kind_share,
       count(*) FILTER (WHERE converted) AS converted_customers,
       (SELECT min(ts) FROM scope) AS first_ts,
       (SELECT max(ts) FROM scope) AS last_ts
FROM per_customer
