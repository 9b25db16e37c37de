DELETE FROM rejects WHERE origin_file = $file
