-- Rejected rows with the row as the file gave it (JSON), built for those rows only.
INSERT INTO rejects
SELECT $file, f.origin_row, f.reason, to_json(t.r)::VARCHAR
FROM (SELECT origin_row, reason FROM final WHERE reason IS NOT NULL) f
JOIN (SELECT rowid - (SELECT min(rowid) FROM file_rows) + 1 AS origin_row, file_rows AS r FROM file_rows) t
  USING (origin_row)
ORDER BY f.origin_row
