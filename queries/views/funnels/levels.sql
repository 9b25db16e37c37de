-- Customers per step reached; the time from the previous step is read from each customer's
-- earliest-starting chain that reaches the step.
SELECT level AS step, count(*) AS customers, median(gap) AS median_seconds_from_previous
FROM (SELECT customer_id, level, arg_min(gap_seconds, start_pos) AS gap
      FROM funnel_reach GROUP BY customer_id, level)
GROUP BY level ORDER BY level
