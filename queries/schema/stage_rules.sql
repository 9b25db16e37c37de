-- First matching rule names the stage. journey_part: before conversion, first conversion,
-- repeat conversion, after conversion, or NULL for any.
CREATE TABLE IF NOT EXISTS stage_rules (
    priority INTEGER, stage VARCHAR, kind VARCHAR, touchpoint VARCHAR, journey_part VARCHAR
)
