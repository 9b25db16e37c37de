-- One of $parts slices of touchpoints, whole customers each (by a hash of their id): the tables
-- derived from touchpoints are built a slice at a time, so that a big workspace's build stays
-- inside the memory budget (each customer's rows are computed from their own touchpoints).
SELECT * FROM touchpoints WHERE hash(customer_id) % $parts = $part
