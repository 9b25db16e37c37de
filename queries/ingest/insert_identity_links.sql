-- A plain email also links as its MD5 and SHA-256 (the hashes tools export for a recipient),
-- so the same person's hashed rows in another file join them.
INSERT INTO identity_links (anchor, id_type, id_value, load_id)
SELECT DISTINCT anchor, i.t, i.v, $load_id FROM (
    SELECT anchor, unnest([{'t': 'user_id', 'v': user_id}, {'t': 'email', 'v': email_n},
                           {'t': 'phone', 'v': phone_n}, {'t': 'anonymous_id', 'v': anonymous_id},
                           {'t': 'gclid', 'v': gclid}, {'t': 'email_hash', 'v': email_hash},
                           {'t': 'phone_hash', 'v': phone_hash},
                           {'t': 'email_hash', 'v': md5(email_n)}, {'t': 'email_hash', 'v': sha256(email_n)}]) AS i
    FROM final WHERE reason IS NULL
) WHERE i.v IS NOT NULL
