-- The most common journeys (first $depth nodes) and how often each converts.
WITH nodes AS (
    -- One column per step (up to 20, the deepest path; a step past $depth is a constant
    -- false filter): about twice as fast as an ordered list or string_agg per customer.
    SELECT customer_id,
           min(node) FILTER (WHERE pos = 1 AND $depth >= 1) AS n1,
           min(node) FILTER (WHERE pos = 2 AND $depth >= 2) AS n2,
           min(node) FILTER (WHERE pos = 3 AND $depth >= 3) AS n3,
           min(node) FILTER (WHERE pos = 4 AND $depth >= 4) AS n4,
           min(node) FILTER (WHERE pos = 5 AND $depth >= 5) AS n5,
           min(node) FILTER (WHERE pos = 6 AND $depth >= 6) AS n6,
           min(node) FILTER (WHERE pos = 7 AND $depth >= 7) AS n7,
           min(node) FILTER (WHERE pos = 8 AND $depth >= 8) AS n8,
           min(node) FILTER (WHERE pos = 9 AND $depth >= 9) AS n9,
           min(node) FILTER (WHERE pos = 10 AND $depth >= 10) AS n10,
           min(node) FILTER (WHERE pos = 11 AND $depth >= 11) AS n11,
           min(node) FILTER (WHERE pos = 12 AND $depth >= 12) AS n12,
           min(node) FILTER (WHERE pos = 13 AND $depth >= 13) AS n13,
           min(node) FILTER (WHERE pos = 14 AND $depth >= 14) AS n14,
           min(node) FILTER (WHERE pos = 15 AND $depth >= 15) AS n15,
           min(node) FILTER (WHERE pos = 16 AND $depth >= 16) AS n16,
           min(node) FILTER (WHERE pos = 17 AND $depth >= 17) AS n17,
           min(node) FILTER (WHERE pos = 18 AND $depth >= 18) AS n18,
           min(node) FILTER (WHERE pos = 19 AND $depth >= 19) AS n19,
           min(node) FILTER (WHERE pos = 20 AND $depth >= 20) AS n20
    FROM flow_seq WHERE pos <= $depth GROUP BY customer_id
), customers AS (
    SELECT customer_id, bool_or(is_conversion) AS converted FROM scope GROUP BY customer_id
), paths AS (
    SELECT n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, n11, n12, n13, n14, n15, n16, n17, n18, n19, n20, count(*) AS customers, count(*) FILTER (WHERE c.converted) AS conversions
    FROM nodes n JOIN customers c USING (customer_id)
    GROUP BY ALL
)
SELECT concat_ws(' > ', n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, n11, n12, n13, n14, n15, n16, n17, n18, n19, n20) AS path, customers,
       customers / (SELECT count(*) FROM customers) AS share, conversions,
       conversions / customers AS conversion_rate
FROM paths
ORDER BY customers DESC, path
LIMIT $top
