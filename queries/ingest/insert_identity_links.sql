INSERT INTO identity_links
SELECT DISTINCT anchor, i.t, i.v FROM (
    SELECT anchor, unnest([{'t': 'user_id', 'v': user_id}, {'t': 'email', 'v': email_n},
                           {'t': 'phone', 'v': phone_n}, {'t': 'anonymous_id', 'v': anonymous_id},
                           {'t': 'gclid', 'v': gclid}]) AS i
    FROM final WHERE reason IS NULL
) WHERE i.v IS NOT NULL
EXCEPT SELECT anchor, id_type, id_value FROM identity_links
