-- Every identifier seen with the anchor of a row it was seen on (distinct pairs).
CREATE TABLE IF NOT EXISTS identity_links (anchor VARCHAR, id_type VARCHAR, id_value VARCHAR)
