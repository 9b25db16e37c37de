-- The JSON records of json_lines written out as a clean NDJSON file for read_json.
COPY (SELECT line FROM json_lines
      WHERE json_valid(line) AND starts_with(ltrim(line, e' \t'), '{'))
TO $out (FORMAT csv, HEADER false, QUOTE '', ESCAPE '')
