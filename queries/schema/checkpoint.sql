-- Writes the WAL into the database file and gives back the space of dropped work.
CHECKPOINT
