-- The kept originals a workspace lists (ingest/keep.py); any other file beside it is a leftover.
SELECT DISTINCT kept_file FROM loads WHERE kept_file IS NOT NULL
