-- A JSON file of one record per line, as its lines: each line is one row (a blank line a NULL),
-- so rowid order is line order. One column only (with two, DuckDB skips blank lines), split at a
-- delimiter no JSON line holds (raw control characters are not JSON). NUL bytes are taken out:
-- they are never part of a value.
CREATE OR REPLACE TEMP TABLE json_lines AS
SELECT replace(line, chr(0), '') AS line
FROM read_csv($path, columns = {'line': 'VARCHAR'}, delim = chr(1) || chr(2) || chr(3), quote = '',
              escape = '', header = false, auto_detect = false, strict_mode = false, null_padding = true,
              new_line = '\r\n', encoding = $encoding, max_line_size = 20000000)
LIMIT $limit
