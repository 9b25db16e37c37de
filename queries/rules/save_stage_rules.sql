CREATE OR REPLACE TABLE stage_rules AS
SELECT row_number() OVER ()::INTEGER AS priority, stage::VARCHAR AS stage, kind::VARCHAR AS kind,
       touchpoint::VARCHAR AS touchpoint, journey_part::VARCHAR AS journey_part
FROM rules_input
