INSERT INTO rejects
SELECT $file, f.origin_row, f.reason, r.raw
FROM final f JOIN raw_rows r USING (origin_row)
WHERE f.reason IS NOT NULL
ORDER BY f.origin_row
