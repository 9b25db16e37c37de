-- The journeys' nodes that are funnel steps, read once for every step's query below.
CREATE OR REPLACE TEMP TABLE funnel_events AS
SELECT customer_id, pos, ts, node, next_node FROM flow_seq WHERE list_contains($names::VARCHAR[], node)
