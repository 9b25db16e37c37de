-- The time zone a loaded file's zone-less times were read in (kept in its mapping at load).
SELECT mapping->>'timezone' FROM loads WHERE file = $file ORDER BY load_id DESC LIMIT 1
