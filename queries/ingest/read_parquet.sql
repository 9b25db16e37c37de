CREATE OR REPLACE TEMP TABLE raw_read AS SELECT * FROM read_parquet($path)
LIMIT $limit
