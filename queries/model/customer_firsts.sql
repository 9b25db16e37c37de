-- Each customer's first touchpoint's channel and attributes, and whether they had a call or an
-- email: the segments Obstacles splits journeys by, kept with touchpoints so that no view groups
-- every touchpoint by customer to find them. customer is hash(customer_id), as in
-- visible_steps. Reads derived_input (touchpoints, or an append's customers' rows).
SELECT hash(customer_id) AS customer, arg_min(channel, step) AS channel, arg_min(attrs, step) AS first_attrs,
       bool_or(kind = 'call') AS had_call, bool_or(kind = 'email') AS had_email
FROM derived_input
GROUP BY customer_id
