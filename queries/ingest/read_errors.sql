SELECT line, error_type, csv_line FROM raw_read_errors ORDER BY line
