SELECT customer_id, ts, kind, touchpoint, channel, source, medium, campaign, keyword, value,
       is_conversion, stage, session_id, attrs, origin_file, origin_row
FROM scope
ORDER BY customer_id, ts, origin_file, origin_row
