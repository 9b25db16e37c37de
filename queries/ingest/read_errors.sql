SELECT line, error_type, column_name, csv_line FROM raw_read_errors ORDER BY line
