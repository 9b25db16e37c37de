-- Identify messages with traits (profile_rows.sql) as customer fields, like a contact list's rows.
INSERT INTO customer_fields
SELECT $load_id, anchor, origin_row, fields FROM profile_rows WHERE fields IS NOT NULL AND fields <> '{}'
