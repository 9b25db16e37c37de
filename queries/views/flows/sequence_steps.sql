-- sequence.sql's fast path, for whole journeys (no filter but a segment, no exclusion, no
-- collapsing): their nodes are the steps numbered at load, so nothing is sorted again. Same
-- columns as flow_seq.
-- $visible: touchpoint journeys without the technical hits, also numbered at load.
WITH groups AS (
    SELECT i, ($patterns::VARCHAR[])[i] AS pattern, ($labels::VARCHAR[])[i] AS label
    FROM range(1, len($patterns::VARCHAR[]) + 1) t(i)
), raw_nodes AS (
    SELECT customer_id, CASE WHEN $visible THEN visible_step ELSE step END AS pos, ts, is_conversion,
           coalesce(CASE $by WHEN 'touchpoint' THEN touchpoint WHEN 'channel' THEN channel
                             WHEN 'stage' THEN stage ELSE campaign END, '(no ' || $by || ')') AS node,
           CASE WHEN $visible THEN next_visible_touchpoint
                WHEN next_ts IS NOT NULL
                THEN coalesce(CASE $by WHEN 'touchpoint' THEN next_touchpoint WHEN 'channel' THEN next_channel
                                       WHEN 'stage' THEN next_stage ELSE next_campaign END, '(no ' || $by || ')')
           END AS next_node
    FROM scope  -- touchpoints, or a segment's customers' touchpoints
    WHERE NOT $visible OR visible_step IS NOT NULL
), renamed AS (
    SELECT d.node, arg_min(g.label, g.i) AS label
    FROM step_nodes d JOIN groups g ON d.node GLOB g.pattern
    WHERE d.dimension = $by
    GROUP BY d.node
)
SELECT n.customer_id, coalesce(r.label, n.node) AS node, n.ts, n.is_conversion, n.pos,
       coalesce(rn.label, n.next_node) AS next_node
FROM raw_nodes n
LEFT JOIN renamed r ON r.node = n.node
LEFT JOIN renamed rn ON rn.node = n.next_node
