SELECT count(*), count(DISTINCT customer_id) FROM touchpoints
