-- One row per loaded file: what was recognised, how many rows went where, and the original kept
-- beside the workspace (kept_file: its name in the <workspace>.files folder) with its SHA-256.
CREATE TABLE IF NOT EXISTS loads (
    load_id INTEGER, file VARCHAR, layout VARCHAR, kind VARCHAR, raw_table VARCHAR,
    rows_in_file BIGINT, rows_loaded BIGINT, rows_rejected BIGINT, mapping JSON,
    loaded_at TIMESTAMP, kept_file VARCHAR, content_hash VARCHAR
)
