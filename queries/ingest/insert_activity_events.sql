-- A file of several kinds (map_activities.sql): each row under its own kind.
INSERT INTO events
SELECT $load_id, $file, origin_row, row_kind, ts, touchpoint, source, medium, campaign, keyword,
       value, session_id, attrs, anchor
FROM final WHERE reason IS NULL
