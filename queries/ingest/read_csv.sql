-- A first look at a file, every value as text (to recognise it): timestamps, ids and phone numbers
-- are parsed by the mapping. Rows that cannot be split go to raw_read_errors.
CREATE OR REPLACE TEMP TABLE raw_read AS
SELECT * FROM read_csv($path, all_varchar = true, header = true, null_padding = true,
                       encoding = $encoding, parallel = $parallel, store_rejects = true,
                       rejects_table = 'raw_read_errors', rejects_scan = 'raw_read_scans',
                       max_line_size = 20000000, strict_mode = $strict)
LIMIT $limit
