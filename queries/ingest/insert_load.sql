-- The mapping is kept with the time zone its zone-less times were read in, for a re-mapping.
INSERT INTO loads (load_id, file, layout, kind, rows_in_file, rows_loaded, rows_rejected, mapping,
                   loaded_at, kept_file, content_hash)
VALUES ($load_id, $file, $layout, $kind, $rows_in_file, $rows_loaded, $rows_rejected,
        json_merge_patch($mapping::JSON, json_object('timezone', $timezone)),
        now()::TIMESTAMP, $kept_file, $content_hash)
