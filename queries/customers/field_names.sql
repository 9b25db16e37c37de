-- The customer fields' names (contact-list columns), for conditions and splits.
SELECT DISTINCT unnest(json_keys(fields)) AS name FROM customer_fields ORDER BY name
