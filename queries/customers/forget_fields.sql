DELETE FROM customer_fields WHERE load_id IN (SELECT load_id FROM loads WHERE file = $file)
