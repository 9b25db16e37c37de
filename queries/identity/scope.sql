-- The identifiers whose components an appended load can change: its own, and every identifier
-- of the customers it touches. Components are closed under this set, so stitching it alone
-- gives what stitching everything would.
CREATE OR REPLACE TEMP TABLE id_scope AS
SELECT anchor AS node FROM identity_links WHERE load_id = ANY($load_ids)
UNION SELECT id_type || ':' || id_value FROM identity_links WHERE load_id = ANY($load_ids)
UNION SELECT i.id_type || ':' || i.id_value FROM identities i JOIN id_touched USING (customer_id)
