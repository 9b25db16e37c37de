-- The other rows of a CRM activity export as `staged`, for the map query of their kind.
CREATE OR REPLACE TEMP VIEW staged AS SELECT * EXCLUDE (word, row_kind) FROM activity_rows WHERE row_kind = 'other'
