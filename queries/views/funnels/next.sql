-- Extend each chain to the earliest later event of the next step, if it is within the window
-- of the chain's first event (the earliest choice is the one that can go furthest).
CREATE OR REPLACE TEMP TABLE funnel_chain AS
SELECT c.customer_id, c.start_pos, c.start_ts, e.pos AS last_pos, e.ts AS last_ts,
       epoch(e.ts - c.last_ts) AS gap_seconds
FROM funnel_chain c
ASOF JOIN (SELECT customer_id, pos, ts FROM funnel_events WHERE node = $name) e
  ON e.customer_id = c.customer_id AND e.pos > c.last_pos
WHERE e.ts <= c.start_ts + to_seconds($window_seconds)
