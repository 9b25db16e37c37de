-- One row per customer in scope, read by the headline numbers and the kind mix (one pass over
-- the touchpoints for both). Kinds are a fixed set, so flags beat a DISTINCT per customer.
CREATE OR REPLACE TEMP TABLE overview_customers AS
SELECT customer_id,
       concat_ws(' + ', CASE WHEN bool_or(kind = 'call') THEN 'call' END,
                        CASE WHEN bool_or(kind = 'email') THEN 'email' END,
                        CASE WHEN bool_or(kind = 'other') THEN 'other' END,
                        CASE WHEN bool_or(kind = 'web') THEN 'web' END) AS kinds,
       bool_or(kind = 'call')::INT + bool_or(kind = 'email')::INT + bool_or(kind = 'other')::INT
           + bool_or(kind = 'web')::INT AS kind_count,
       bool_or(is_conversion) AS converted, count(*) AS touchpoints, min(ts) AS first_ts, max(ts) AS last_ts
FROM scope GROUP BY customer_id
