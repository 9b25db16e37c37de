-- (records, lines that are not blank) of json_lines: is the file one JSON record per line at all?
SELECT count(*) FILTER (WHERE json_valid(line) AND starts_with(ltrim(line, e' \t'), '{')),
       count(*) FILTER (WHERE trim(line, e' \t\r') <> '')
FROM json_lines
