-- What a workspace holds, said after tidying it up (recovery.py).
SELECT count(*), sum(rows_loaded) FROM loads
