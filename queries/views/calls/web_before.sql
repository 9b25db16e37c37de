-- The website touchpoints of the callers in call_facts, one per moment (the last one where
-- several share a timestamp, as in the journey's order); hits analytics tools log on their own
-- are left out. Read by the queries on what callers did before a call.
CREATE OR REPLACE TEMP TABLE call_web AS
SELECT customer_id, ts, arg_max(touchpoint, (origin_file, origin_row)) AS touchpoint
FROM touchpoints
WHERE kind = 'web' AND visible_step IS NOT NULL
  AND customer_id IN (SELECT customer_id FROM call_facts)
GROUP BY customer_id, ts
