-- sankey_links.sql for journeys drawn forward (from their first node or from their first
-- $start): each step's node and the next one are on the same row, so the links are one
-- group-by. Top nodes per step are kept, the rest folded into "Other"; "(left)" is where
-- journeys end before $depth.
WITH starts AS (
    SELECT customer_id, min(pos) AS lo FROM flow_seq WHERE node = $start GROUP BY customer_id
), pairs AS (
    SELECT step, node, CASE WHEN step < $depth THEN next_node END AS next_node, count(*) AS customers
    FROM (SELECT pos AS step, node, next_node FROM flow_seq WHERE $start IS NULL AND pos <= $depth
          UNION ALL
          SELECT s.pos - t.lo + 1, s.node, s.next_node
          FROM flow_seq s JOIN starts t USING (customer_id)
          WHERE s.pos BETWEEN t.lo AND t.lo + $depth - 1)
    GROUP BY ALL
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
