-- Blank, whitespace-only and placeholder values count as missing.
CREATE OR REPLACE MACRO jx_clean(x) AS CASE
    WHEN lower(trim(x)) IN ('', 'null', 'none', 'undefined', 'nan', '(not set)', 'n/a', '-') THEN NULL
    ELSE trim(x) END
