-- Headline numbers: customers, touchpoints, date range, and how many customers more than one
-- kind of data (web, call, email) tells us about.
SELECT coalesce(sum(touchpoints), 0)::BIGINT AS touchpoints,
       count(*) AS customers,
       count(*) FILTER (WHERE kind_count > 1) AS multi_kind_customers,
       coalesce(count(*) FILTER (WHERE kind_count > 1) / nullif(count(*), 0), 0) AS multi_kind_share,
       count(*) FILTER (WHERE converted) AS converted_customers,
       min(first_ts) AS first_ts,
       max(last_ts) AS last_ts
FROM overview_customers
