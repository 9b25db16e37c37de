-- Every identifier seen with the anchor of a row it was seen on, per load (distinct within one),
-- so an appended file re-stitches only the customers its identifiers touch.
CREATE TABLE IF NOT EXISTS identity_links (anchor VARCHAR, id_type VARCHAR, id_value VARCHAR, load_id INTEGER)
