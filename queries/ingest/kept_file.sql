SELECT kept_file FROM loads WHERE file = $file ORDER BY load_id DESC LIMIT 1
