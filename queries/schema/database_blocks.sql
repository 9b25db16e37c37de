-- How much of the database file its blocks account for (the rest is left over from a crash).
SELECT block_size, total_blocks FROM pragma_database_size() WHERE database_name = current_database()
