-- A contact list's rows: the contact's anchor (as in identity_links) and its columns as JSON.
CREATE TABLE IF NOT EXISTS customer_fields (load_id INTEGER, anchor VARCHAR, origin_row BIGINT, fields JSON)
