-- Rejected rows, of every file or of the files named in $files (NULL: all).
SELECT origin_file, origin_row, reason, raw FROM rejects
WHERE $files IS NULL OR list_contains($files::VARCHAR[], origin_file)
ORDER BY origin_file, origin_row
