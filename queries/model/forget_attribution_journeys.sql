-- An append's touched customers, whose rows are built again from their touchpoints.
DELETE FROM attribution_journeys WHERE customer_id IN (SELECT customer_id FROM id_touched)
