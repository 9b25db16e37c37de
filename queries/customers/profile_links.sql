-- An identify message's email trait links its customer as a file's email column would (and as
-- its MD5 and SHA-256, like insert_identity_links.sql), so later email activity stitches.
INSERT INTO identity_links (anchor, id_type, id_value, load_id)
SELECT DISTINCT anchor, i.t, i.v, $load_id FROM (
    SELECT anchor, unnest([{'t': 'email', 'v': email}, {'t': 'email_hash', 'v': md5(email)},
                           {'t': 'email_hash', 'v': sha256(email)}]) AS i
    FROM profile_rows WHERE email IS NOT NULL
)
