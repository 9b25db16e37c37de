INSERT INTO funnel_reach SELECT customer_id, start_pos, $level, gap_seconds, last_pos FROM funnel_chain
