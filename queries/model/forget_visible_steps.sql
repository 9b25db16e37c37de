-- An append's touched customers, whose rows are built again from their touchpoints.
DELETE FROM visible_steps WHERE customer IN (SELECT hash(customer_id) FROM id_touched)
