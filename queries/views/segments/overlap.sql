-- Customers who are in more than one segment.
SELECT count(*) FROM (SELECT customer_id FROM segment_customers GROUP BY customer_id HAVING count(*) > 1)
