-- An append's touched customers, whose rows are built again from their touchpoints.
DELETE FROM call_rows WHERE customer_id IN (SELECT customer_id FROM id_touched)
