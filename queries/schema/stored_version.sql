SELECT value FROM settings WHERE key = 'schema_version'
