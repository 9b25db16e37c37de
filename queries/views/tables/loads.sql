SELECT load_id, file, layout, kind, rows_in_file, rows_loaded, rows_rejected, loaded_at
FROM loads ORDER BY load_id
