SELECT count(*) FROM raw_rows
