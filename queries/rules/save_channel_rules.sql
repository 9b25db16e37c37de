CREATE OR REPLACE TABLE channel_rules AS
SELECT row_number() OVER ()::INTEGER AS priority, channel::VARCHAR AS channel, kind::VARCHAR AS kind,
       source::VARCHAR AS source, medium::VARCHAR AS medium, campaign::VARCHAR AS campaign
FROM rules_input
