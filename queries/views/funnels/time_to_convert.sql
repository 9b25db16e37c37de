-- Seconds from the first to the last step for customers who completed the funnel, read from
-- their earliest-starting complete chain.
SELECT customer_id, arg_min(total, start_pos) AS seconds
FROM (SELECT customer_id, start_pos, sum(gap_seconds) AS total, max(level) AS reached
      FROM funnel_reach GROUP BY customer_id, start_pos)
WHERE reached = $levels
GROUP BY customer_id
ORDER BY customer_id
