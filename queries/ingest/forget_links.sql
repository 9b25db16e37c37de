DELETE FROM identity_links WHERE load_id IN (SELECT load_id FROM loads WHERE file = $file)
