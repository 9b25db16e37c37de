-- The touchpoints of the customers an appended load touched (their journeys were just built
-- again): what the tables derived from touchpoints are built again from.
SELECT * FROM touchpoints
WHERE customer_id IN (SELECT customer_id FROM identities WHERE id_type || ':' || id_value IN (SELECT node FROM id_scope))
