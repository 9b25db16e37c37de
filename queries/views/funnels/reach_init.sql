CREATE OR REPLACE TEMP TABLE funnel_reach AS
SELECT customer_id, start_pos, 1 AS level, gap_seconds, last_pos FROM funnel_chain
