INSERT OR REPLACE INTO settings VALUES ($key, $value)
