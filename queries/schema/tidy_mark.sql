-- A change to write, so that the next CHECKPOINT runs and cuts the file to what it holds.
CREATE OR REPLACE TABLE jx_tidy_after_crash AS SELECT 1 AS done
