-- Columns of a table (temporary or not), in order.
SELECT column_name, data_type
FROM duckdb_columns()
WHERE table_name = $table
ORDER BY database_name = 'temp' DESC, column_index
