-- Blank, whitespace-only and placeholder values count as missing. The one-element list keeps x
-- (often a long coalesce of lookups) evaluated once: a CASE would repeat it.
CREATE OR REPLACE MACRO jx_clean(x) AS
    list_filter([trim(x)], lambda v: lower(v) NOT IN ('', 'null', 'none', 'undefined', 'nan', '(not set)', 'n/a', '-'))[1]
