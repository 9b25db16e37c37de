-- Reading a file: its rows keep the file's order (rowid is the position in the file), whatever
-- the database's setting for other big writes is (db.connect).
SET SESSION preserve_insertion_order = true
