-- Each call with the campaigns of the email activity (an open, a click …) its caller had in the 7
-- days before it (the Calls page's default; other windows are searched when asked for): one row
-- per call and campaign (NULL: email activity without a campaign). Reads derived_input.
WITH calls AS (
    SELECT customer_id, ts, origin_file, origin_row FROM derived_input WHERE kind = 'call'
)
SELECT DISTINCT c.customer_id, c.ts, c.origin_file, c.origin_row, e.campaign
FROM calls c
JOIN derived_input e
  ON e.customer_id = c.customer_id AND e.kind = 'email' AND e.ts < c.ts AND e.ts >= c.ts - to_days(7)
WHERE e.customer_id IN (SELECT customer_id FROM calls)
