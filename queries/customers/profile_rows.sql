-- An event stream's identify messages (Segment identify, Amplitude/Mixpanel $identify, $set):
-- the rows whose marker ($on_event: the touchpoint, else attrs' $marker key) is one of
-- $identify_words, with their traits as customer fields. Traits come from flattened columns
-- ($flat_keys, named $flat_names without their traits_ prefix), from JSON columns ($json_keys:
-- traits, user_properties …, as kept in attrs) and from the event properties' own $set,
-- traits or user_properties (Mixpanel people updates); on a clash, in that order. The keys
-- come as JSON paths ($."traits"): a column named "$set" or "traits.plan" is one key. A row
-- without traits is a profile still (it links its identifiers), with no fields. A trait's
-- leading $ goes (Mixpanel's $city is city); an email or phone trait ($identifier_keys, in
-- lower case with _ for punctuation) is an identifier, not a field: its email is linked
-- (customers/profile_links.sql), and no address is offered as a segment.
CREATE OR REPLACE TEMP TABLE profile_rows AS
WITH p AS (
    SELECT origin_row, anchor, attrs FROM final
    WHERE reason IS NULL
      AND list_contains($identify_words, trim(regexp_replace(lower(
              CASE WHEN $on_event THEN touchpoint ELSE json_extract_string(attrs, $marker) END),
              '[^a-z0-9$]+', ' ', 'g')))
), params AS (
    SELECT p.origin_row, p.anchor, s.f_params::JSON AS j
    FROM p JOIN staged s USING (origin_row)
    WHERE json_valid(s.f_params) AND json_type(s.f_params::JSON) = 'OBJECT'
), sources AS (
    SELECT origin_row, anchor, 2 AS rank,
           CASE WHEN json_type(v) = 'OBJECT' THEN v
                WHEN json_valid(v->>'$') AND json_type((v->>'$')::JSON) = 'OBJECT' THEN (v->>'$')::JSON END AS obj
    FROM (SELECT origin_row, anchor, json_extract(attrs, unnest($json_keys)) AS v FROM p)
    UNION ALL
    SELECT origin_row, anchor, 3, unnest([j->'$."$set"', j->'$."traits"', j->'$."user_properties"']) FROM params
), kv AS (
    SELECT origin_row, anchor, 1 AS rank, key, v FROM (
        SELECT origin_row, anchor, unnest($flat_names) AS key, json_extract(attrs, unnest($flat_keys)) AS v
        FROM p)
    UNION ALL
    SELECT origin_row, anchor, rank, regexp_replace(key, '^\$', ''), obj->('$."' || replace(key, '"', '\"') || '"') FROM (
        SELECT origin_row, anchor, rank, obj, unnest(json_keys(obj)) AS key FROM sources
        WHERE obj IS NOT NULL AND json_type(obj) = 'OBJECT')
), chosen AS (
    SELECT origin_row, key, arg_min(v, rank) AS v,
           list_contains($identifier_keys, regexp_replace(lower(key), '[^a-z0-9]+', '_', 'g')) AS identifier
    FROM kv
    WHERE v IS NOT NULL AND json_type(v) <> 'NULL' AND key <> ''
    GROUP BY origin_row, key
)
SELECT p.origin_row, p.anchor,
       (SELECT json_group_object(c.key, c.v) FROM chosen c WHERE c.origin_row = p.origin_row AND NOT c.identifier) AS fields,
       (SELECT max(lower(trim(c.v->>'$'))) FROM chosen c
        WHERE c.origin_row = p.origin_row AND c.identifier
          AND regexp_matches(c.v->>'$', '^\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*$')) AS email
FROM p
