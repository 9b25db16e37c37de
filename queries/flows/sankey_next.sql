-- sankey_links.sql for journeys drawn from their first node: each step's node and the next one
-- are on the same row, so the links are one group-by. Top nodes per step are kept, the rest
-- folded into "Other"; "(left)" is where journeys end before $depth.
WITH pairs AS (
    SELECT pos AS step, node, CASE WHEN pos < $depth THEN next_node END AS next_node, count(*) AS customers
    FROM flow_seq WHERE pos <= $depth GROUP BY ALL
), ranked AS (
    SELECT step, node, row_number() OVER (PARTITION BY step ORDER BY sum(customers) DESC, node) AS rank
    FROM pairs GROUP BY step, node
)
SELECT p.step, CASE WHEN s.rank <= $top THEN p.node ELSE 'Other' END AS source,
       CASE WHEN p.next_node IS NULL THEN '(left)' WHEN t.rank <= $top THEN p.next_node ELSE 'Other' END AS target,
       sum(p.customers)::BIGINT AS customers
FROM pairs p
JOIN ranked s ON s.step = p.step AND s.node = p.node
LEFT JOIN ranked t ON t.step = p.step + 1 AND t.node = p.next_node
WHERE p.step < $depth
GROUP BY ALL
ORDER BY step, customers DESC, source, target
