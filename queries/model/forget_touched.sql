-- The touched customers' journeys, numbered again from their events after.
DELETE FROM touchpoints WHERE customer_id IN (SELECT customer_id FROM id_touched)
