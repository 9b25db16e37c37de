INSERT INTO loads (load_id, file, layout, kind, rows_in_file, rows_loaded, rows_rejected, mapping,
                   loaded_at, kept_file, content_hash)
VALUES ($load_id, $file, $layout, $kind, $rows_in_file, $rows_loaded, $rows_rejected, $mapping,
        now()::TIMESTAMP, $kept_file, $content_hash)
