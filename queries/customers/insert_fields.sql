INSERT INTO customer_fields
SELECT $load_id, anchor, origin_row, coalesce(attrs, '{}'::JSON) FROM final WHERE reason IS NULL
