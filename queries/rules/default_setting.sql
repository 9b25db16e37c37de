INSERT OR IGNORE INTO settings VALUES ($key, $value)
