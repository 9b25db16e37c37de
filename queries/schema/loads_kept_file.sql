-- Workspaces from before kept originals (raw_table held an all-text copy instead).
ALTER TABLE loads ADD COLUMN IF NOT EXISTS kept_file VARCHAR
