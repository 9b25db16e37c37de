-- A journey that did not convert keeps the touches inside the lookback ($lookback_seconds)
-- back from its own last touch, as a converting journey keeps those back from its conversion.
DELETE FROM attribution_touches
USING (SELECT customer_id, max(ts) AS last_ts FROM attribution_touches
       WHERE conversion_step IS NULL GROUP BY customer_id) journey
WHERE attribution_touches.conversion_step IS NULL
  AND attribution_touches.customer_id = journey.customer_id
  AND epoch(journey.last_ts) - epoch(attribution_touches.ts) > $lookback_seconds
