-- Mapped rows of every load, before stitching and rules; touchpoints is derived from it.
-- anchor is the row's strongest identifier ("email:…"), the key into identity stitching.
CREATE TABLE IF NOT EXISTS events (
    load_id INTEGER, origin_file VARCHAR, origin_row BIGINT, kind VARCHAR, ts TIMESTAMP,
    touchpoint VARCHAR, source VARCHAR, medium VARCHAR, campaign VARCHAR, keyword VARCHAR,
    value DOUBLE, session_id VARCHAR, attrs JSON, anchor VARCHAR
)
