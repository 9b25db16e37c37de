-- What DuckDB's sniffer makes of a CSV: its columns' names and types (a list of structs).
SELECT Columns FROM sniff_csv($path, encoding = $encoding, null_padding = true, max_line_size = 20000000,
                         strict_mode = $strict)
