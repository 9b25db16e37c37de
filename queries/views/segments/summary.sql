-- Per segment ($segments of them, empty ones too): customers, those who converted, touchpoints per
-- customer, median days from a customer's first touchpoint to their first conversion (converters
-- only), and the value of conversions per customer.
SELECT r.segment, count(c.customer_id) AS customers,
       count(c.customer_id) FILTER (WHERE c.converted) AS conversions,
       count(c.customer_id) FILTER (WHERE c.converted) / nullif(count(c.customer_id), 0) AS conversion_rate,
       avg(c.touchpoints) AS touchpoints_per_customer,
       median(c.days_to_convert) AS median_days_to_convert,
       avg(c.value) AS value_per_customer
FROM range($segments) r(segment)
LEFT JOIN segment_customers c ON c.segment = r.segment
GROUP BY r.segment
ORDER BY r.segment
