-- The whole file in one typed read: $types pins text fields (ids, events, campaigns …) to
-- VARCHAR; the rest is typed by DuckDB's sniffer. Rows that cannot be split, or whose value does
-- not fit a column's type, go to raw_read_errors (the caller reads misfit columns again as text).
CREATE OR REPLACE TEMP TABLE raw_read AS
SELECT * FROM read_csv($path, types = $types, header = true, null_padding = true,
                       encoding = $encoding, parallel = $parallel, store_rejects = true,
                       rejects_table = 'raw_read_errors', rejects_scan = 'raw_read_scans',
                       max_line_size = 20000000, strict_mode = $strict)
LIMIT $limit
