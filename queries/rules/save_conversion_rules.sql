CREATE OR REPLACE TABLE conversion_rules AS
SELECT kind::VARCHAR AS kind, touchpoint::VARCHAR AS touchpoint FROM rules_input
