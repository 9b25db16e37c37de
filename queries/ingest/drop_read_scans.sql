DROP TABLE IF EXISTS raw_read_scans
