CREATE TABLE IF NOT EXISTS rejects (origin_file VARCHAR, origin_row BIGINT, reason VARCHAR, raw VARCHAR)
