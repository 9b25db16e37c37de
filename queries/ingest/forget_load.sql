DELETE FROM loads WHERE file = $file
