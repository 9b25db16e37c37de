-- Every value as text: timestamps, ids and phone numbers are parsed by the mapping, not guessed
-- here. Rows that cannot be split into the header's columns go to raw_read_errors.
CREATE OR REPLACE TEMP TABLE raw_read AS
SELECT * FROM read_csv($path, all_varchar = true, header = true, null_padding = true,
                       encoding = $encoding, parallel = $parallel, store_rejects = true,
                       rejects_table = 'raw_read_errors', rejects_scan = 'raw_read_scans',
                       max_line_size = 20000000)
LIMIT $limit
