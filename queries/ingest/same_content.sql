SELECT file, loaded_at FROM loads WHERE content_hash = $content_hash ORDER BY load_id LIMIT 1
