-- One row per loaded file: what was recognised and how many rows went where.
CREATE TABLE IF NOT EXISTS loads (
    load_id INTEGER, file VARCHAR, layout VARCHAR, kind VARCHAR, raw_table VARCHAR,
    rows_in_file BIGINT, rows_loaded BIGINT, rows_rejected BIGINT, mapping JSON,
    loaded_at TIMESTAMP
)
