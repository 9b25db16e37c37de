INSERT INTO loads VALUES ($load_id, $file, $layout, $kind, $raw_table, $rows_in_file,
                          $rows_loaded, $rows_rejected, $mapping, now()::TIMESTAMP)
