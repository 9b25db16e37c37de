-- The baseline: DuckDB reading the same CSV into a table, nothing else.
CREATE OR REPLACE TEMP TABLE baseline AS SELECT * FROM read_csv($path)
