-- customers.sql when nothing is filtered: each customer's first touchpoint and whether they had
-- a call or an email were found with touchpoints (customer_firsts).
CREATE OR REPLACE TEMP TABLE obstacle_customers AS
WITH firsts AS (
    SELECT customer, channel, json_extract_string(first_attrs, $attribute_paths::VARCHAR[]) AS attributes,
           had_call, had_email
    FROM customer_firsts
), ends AS (
    SELECT customer, count(*) AS other_reaches, count(*) FILTER (WHERE next IS NULL) AS other_exits
    FROM obstacle_steps
    WHERE NOT recent AND NOT list_contains(list_transform($error_steps::VARCHAR[], lambda s: hash(s)), step)
    GROUP BY customer
)
SELECT *, dense_rank() OVER (ORDER BY d1, d2, d3, d4, d5, d6) AS profile  -- customers in the same segments
FROM (SELECT f.customer, f.channel AS d1, f.attributes[1] AS d2, f.attributes[2] AS d3, f.attributes[3] AS d4,
             CASE WHEN f.had_call THEN 'call' END AS d5, CASE WHEN f.had_email THEN 'email' END AS d6,
             coalesce(e.other_reaches, 0) AS other_reaches, coalesce(e.other_exits, 0) AS other_exits
      FROM firsts f LEFT JOIN ends e USING (customer))
