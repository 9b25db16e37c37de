-- customers(customer_id, fields): the contact-list fields of each stitched customer, joined by
-- any identifier the contact shares with a journey. A customer on several lists (or twice on
-- one) gets the latest list's last row.
CREATE OR REPLACE VIEW customers AS
SELECT i.customer_id, arg_max(c.fields, (c.load_id, c.origin_row)) AS fields
FROM customer_fields c
JOIN identities i ON i.id_type || ':' || i.id_value = c.anchor
GROUP BY i.customer_id
