-- Every node with how many customers reach it (for pickers, most common first).
SELECT node, count(DISTINCT customer_id) AS customers FROM flow_seq
GROUP BY node ORDER BY customers DESC, node
