-- identities' rows from the stitched labels. Customer ids are salted hashes of the component's
-- label (its smallest identifier), so no email or phone shows in them, and stitching a part
-- of the graph gives the ids stitching all of it would.
SELECT 'c_' || substr(md5($salt || label), 1, 12) AS customer_id,
       regexp_extract(node, '^([^:]*):', 1) AS id_type,
       regexp_extract(node, '^[^:]*:(.*)$', 1) AS id_value
FROM id_labels
ORDER BY customer_id, id_type, id_value
