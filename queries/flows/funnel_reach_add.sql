INSERT INTO funnel_reach SELECT customer_id, start_pos, $level, gap_seconds FROM funnel_chain
