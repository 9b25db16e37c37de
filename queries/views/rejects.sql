SELECT origin_file, origin_row, reason, raw FROM rejects ORDER BY origin_file, origin_row
