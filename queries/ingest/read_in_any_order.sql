-- Back to the database's setting once the file is read.
RESET SESSION preserve_insertion_order
