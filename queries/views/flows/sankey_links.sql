-- Links between consecutive steps of each journey ending at a node: from the first $start (if
-- any), cut after the first $end (keeping its last $depth nodes), the top nodes per step kept
-- and the rest folded into "Other"; "(left)" is where journeys end before $depth. Journeys
-- drawn forward only (no $end) take sankey_next.sql.
WITH bounds AS (
    SELECT customer_id,
           CASE WHEN $start IS NULL THEN 1 ELSE min(pos) FILTER (WHERE node = $start) END AS lo
    FROM flow_seq GROUP BY customer_id
), cut AS (
    SELECT b.customer_id, b.lo,
           CASE WHEN $end IS NULL THEN max(s.pos)
                ELSE min(s.pos) FILTER (WHERE s.node = $end AND s.pos >= b.lo) END AS hi
    FROM bounds b JOIN flow_seq s USING (customer_id)
    WHERE b.lo IS NOT NULL
    GROUP BY b.customer_id, b.lo
), windowed AS (
    SELECT s.customer_id, s.node,
           s.pos - (CASE WHEN $end IS NULL THEN c.lo ELSE greatest(c.lo, c.hi - $depth + 1) END) + 1 AS step
    FROM flow_seq s JOIN cut c USING (customer_id)
    WHERE c.hi IS NOT NULL AND s.pos BETWEEN c.lo AND c.hi
), in_depth AS (
    SELECT * FROM windowed WHERE step BETWEEN 1 AND $depth
), ranked AS (
    SELECT step, node, row_number() OVER (PARTITION BY step ORDER BY count(*) DESC, node) AS rank
    FROM in_depth GROUP BY step, node
), labelled AS (
    SELECT d.customer_id, d.step, CASE WHEN r.rank <= $top THEN d.node ELSE 'Other' END AS label
    FROM in_depth d JOIN ranked r USING (step, node)
)
SELECT l.step, l.label AS source, coalesce(n.label, '(left)') AS target, count(*) AS customers
FROM labelled l
LEFT JOIN labelled n ON n.customer_id = l.customer_id AND n.step = l.step + 1
WHERE l.step < $depth
GROUP BY ALL
ORDER BY step, customers DESC, source, target
