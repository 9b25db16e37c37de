SELECT (SELECT count(*) FROM loads), (SELECT max(loaded_at) FROM loads),
       (SELECT value FROM settings WHERE key = 'rules_version')
