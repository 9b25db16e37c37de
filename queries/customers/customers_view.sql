-- customers(customer_id, fields): the customer fields of each stitched customer (contact-list
-- columns, identify messages' traits), joined by any identifier the contact shares with a
-- journey. Fields from several rows merge key by key, the latest load's last row winning.
CREATE OR REPLACE VIEW customers AS
SELECT i.customer_id,
       list_reduce(list(c.fields ORDER BY c.load_id, c.origin_row), lambda a, b: json_merge_patch(a, b)) AS fields
FROM customer_fields c
JOIN identities i ON i.id_type || ':' || i.id_value = c.anchor
GROUP BY i.customer_id
