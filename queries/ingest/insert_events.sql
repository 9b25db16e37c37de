INSERT INTO events
SELECT $load_id, $file, origin_row, $kind, ts, touchpoint, source, medium, campaign, keyword,
       value, session_id, attrs, anchor
FROM final WHERE reason IS NULL
