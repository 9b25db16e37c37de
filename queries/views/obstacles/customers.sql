-- The segments each customer is in: the channel and device/platform/os ($attribute_paths) of
-- their first touchpoint, and whether they had a call or an email touchpoint (NULL: not in
-- any segment of that kind). With the steps they took that are not error-like ($error_steps)
-- and how many of those ended their journey: what error steps are compared with. Customers in
-- the same segments share a profile number.
CREATE OR REPLACE TEMP TABLE obstacle_customers AS
WITH firsts AS (
    SELECT hash(customer_id) AS customer, arg_min(channel, step) AS channel,
           json_extract_string(arg_min(attrs, step), $attribute_paths::VARCHAR[]) AS attributes,
           bool_or(kind = 'call') AS had_call, bool_or(kind = 'email') AS had_email
    FROM scope GROUP BY customer_id
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
