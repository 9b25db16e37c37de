-- A spread-out sample of distinct raw timestamps, enough to tell formats apart.
CREATE OR REPLACE TEMP TABLE ts_sample AS
SELECT v FROM (SELECT DISTINCT ts_raw AS v FROM mapped WHERE ts_raw IS NOT NULL)
USING SAMPLE reservoir(4000 ROWS) REPEATABLE (7)
