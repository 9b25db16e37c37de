-- Per text column of raw_read (those named in $columns): does any value hold a NUL byte?
SELECT bool_or(contains(COLUMNS(lambda c: list_contains($columns, c)), chr(0))) FROM raw_read
