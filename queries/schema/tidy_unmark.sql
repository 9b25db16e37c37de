DROP TABLE IF EXISTS jx_tidy_after_crash
