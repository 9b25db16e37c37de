DELETE FROM identities WHERE customer_id IN (SELECT customer_id FROM id_touched)
