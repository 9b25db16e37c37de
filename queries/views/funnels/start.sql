-- windowFunnel, step 1: every event of the first step starts a chain (any attempt counts).
CREATE OR REPLACE TEMP TABLE funnel_chain AS
SELECT customer_id, pos AS start_pos, ts AS start_ts, pos AS last_pos, ts AS last_ts,
       NULL::DOUBLE AS gap_seconds
FROM funnel_events WHERE node = $name
