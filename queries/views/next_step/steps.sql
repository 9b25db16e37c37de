-- Every journey's steps in order without the hits analytics tools log on their own (the
-- Journeys page's default order, numbered at load as visible_step; repeats kept), each with the
-- two steps before it and the one after it, "(left)" where the journey ends: the contexts the
-- next-step model counts. Registered as next_steps.
SELECT customer_id, touchpoint AS step,
       lag(touchpoint, 1) OVER w AS prev1, lag(touchpoint, 2) OVER w AS prev2,
       coalesce(lead(touchpoint) OVER w, '(left)') AS next
FROM (SELECT customer_id, visible_step, coalesce(touchpoint, '(no touchpoint)') AS touchpoint
      FROM scope WHERE visible_step IS NOT NULL)
WINDOW w AS (PARTITION BY customer_id ORDER BY visible_step)
