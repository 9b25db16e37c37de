-- Each customer's touchpoints in order with the next one, so flows and funnels are group-bys.
-- The columns are computed with touchpoints (one sort for both); this names them.
CREATE OR REPLACE VIEW steps AS
SELECT customer_id, step, ts, kind, touchpoint, channel, stage, campaign, is_conversion, value,
       next_touchpoint, next_channel, next_stage, next_campaign, next_ts,
       visible_step, next_visible_touchpoint
FROM touchpoints
