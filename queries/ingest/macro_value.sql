-- A money or number value as a DOUBLE, whatever the export's convention: "149,90" and
-- "1.234,50" (decimal comma), "1,234.50" (thousands commas), "1 234,50", "€12", "12.00 EUR",
-- "1.5e3". With both separators the last one is the decimal point; a lone comma is thousands
-- only before groups of three digits ("1,234"), else it is the decimal point ("149,90").
-- A temp macro made before each file is mapped (ingest/load.py), for map_web/map_call/map_email.
CREATE OR REPLACE TEMP MACRO jx_value(x) AS list_transform([jx_clean(x)], lambda t:
    CASE WHEN regexp_full_match(t, '\s*[+-]?\d+(\.\d+)?[eE][+-]?\d+\s*') THEN try_cast(t AS DOUBLE)
    ELSE list_transform([regexp_replace(t, '[^0-9.,-]', '', 'g')], lambda d: try_cast(
        CASE WHEN d LIKE '%,%' AND d LIKE '%.%'
             THEN CASE WHEN regexp_extract(d, '([.,])[0-9]*$', 1) = ','
                       THEN replace(replace(d, '.', ''), ',', '.') ELSE replace(d, ',', '') END
             WHEN d LIKE '%,%'
             THEN CASE WHEN regexp_full_match(d, '-?\d{1,3}(,\d{3})+') THEN replace(d, ',', '')
                       ELSE replace(d, ',', '.') END
             WHEN regexp_full_match(d, '-?\d{1,3}(\.\d{3}){2,}') THEN replace(d, '.', '')
             ELSE d END AS DOUBLE))[1] END)[1]
