-- First matching rule (lowest priority number) names the channel. Patterns are
-- case-insensitive regular expressions; NULL matches anything; blanks match as ''.
CREATE TABLE IF NOT EXISTS channel_rules (
    priority INTEGER, channel VARCHAR, kind VARCHAR, source VARCHAR, medium VARCHAR, campaign VARCHAR
)
