-- Each customer's touchpoints in order with the next one, so flows and funnels are group-bys.
CREATE OR REPLACE TABLE steps AS
SELECT customer_id, row_number() OVER w AS step, ts, kind, touchpoint, channel, stage, campaign,
       is_conversion, value,
       lead(touchpoint) OVER w AS next_touchpoint, lead(channel) OVER w AS next_channel,
       lead(stage) OVER w AS next_stage, lead(campaign) OVER w AS next_campaign,
       lead(ts) OVER w AS next_ts
FROM touchpoints
WINDOW w AS (PARTITION BY customer_id ORDER BY ts, origin_file, origin_row)
