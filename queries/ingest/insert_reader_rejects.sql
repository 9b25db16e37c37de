-- Rows the CSV reader could not split; origin_row is their line number in the file.
INSERT INTO rejects SELECT $file, line, reason, raw FROM bad_rows
