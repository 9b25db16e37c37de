-- All of a CRM activity export's rows as `staged` again, for finalize.sql.
CREATE OR REPLACE TEMP VIEW staged AS SELECT * EXCLUDE (word, row_kind) FROM activity_rows
