-- raw_read again as text with its NUL bytes taken out (only for a file that has some: a NUL is
-- never part of a name, and the typed columns are parsed from their text as any text file's are).
CREATE OR REPLACE TEMP TABLE raw_read AS SELECT replace(CAST(COLUMNS(*) AS VARCHAR), chr(0), '') FROM raw_read
