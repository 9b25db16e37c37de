-- Of one contact list's contacts, how many belong to a customer with at least one touchpoint.
SELECT count(DISTINCT c.origin_row) FROM customer_fields c
JOIN identities i ON i.id_type || ':' || i.id_value = c.anchor
WHERE c.load_id = $load_id AND i.customer_id IN (SELECT customer_id FROM touchpoints)
