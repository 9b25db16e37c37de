-- Workspaces from before incremental loads: their links have no load (NULL).
ALTER TABLE identity_links ADD COLUMN IF NOT EXISTS load_id INTEGER
