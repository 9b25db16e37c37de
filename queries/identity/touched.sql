-- Customers an appended load touches: those already holding one of its identifiers.
CREATE OR REPLACE TEMP TABLE id_touched AS
SELECT DISTINCT i.customer_id
FROM identities i
JOIN (SELECT id_type, id_value FROM identity_links WHERE load_id = ANY($load_ids)
      UNION SELECT regexp_extract(anchor, '^([^:]*):', 1), regexp_extract(anchor, '^[^:]*:(.*)$', 1)
      FROM identity_links WHERE load_id = ANY($load_ids)) n
  ON n.id_type = i.id_type AND n.id_value = i.id_value
