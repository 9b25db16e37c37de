-- A CRM activity export's rows once (their attrs packed once, not once per kind), with each
-- row's kind from its type word in activities.py's form (lower case, punctuation as spaces).
CREATE OR REPLACE TEMP TABLE activity_rows AS
WITH k AS (
    SELECT *, trim(regexp_replace(replace(lower(coalesce(f_event, '')), 'e-mail', 'email'), '[^a-z0-9$]+', ' ', 'g')) AS word
    FROM staged
)
SELECT *, CASE WHEN list_contains($call_words, word) THEN 'call'
               WHEN list_contains($email_words, word) THEN 'email' ELSE 'other' END AS row_kind
FROM k
