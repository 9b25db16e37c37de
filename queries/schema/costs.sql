-- What was spent, per period and channel or campaign (NULL: any); the calls and attribution
-- views spread it over what it bought.
CREATE TABLE IF NOT EXISTS costs (
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    channel VARCHAR,
    campaign VARCHAR,
    cost DOUBLE NOT NULL
)
