-- The lines of json_lines that are not one JSON record; blank lines are no row at all.
SELECT rowid - (SELECT min(rowid) FROM json_lines) + 1 AS line,
       CASE WHEN NOT json_valid(line) THEN 'the line is not valid JSON'
            ELSE 'the line is JSON but not a record in braces {…}' END AS reason,
       left(line, 10000) AS raw
FROM json_lines
WHERE trim(line, e' \t\r') <> ''
  AND (NOT json_valid(line) OR NOT starts_with(ltrim(line, e' \t'), '{'))
ORDER BY line
