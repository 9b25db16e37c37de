-- CRM activity rows (calls, emails, meetings, notes, tasks in one file) → one kind per row.
-- Each kind's rows were mapped the way its exports are (map_call, map_email, map_web over
-- activity_rows.sql's rows of that kind, into mapped_call, mapped_email and mapped_other): a
-- call gets its outcome and duration (attrs.call_status, call_duration_seconds, and the
-- export's own words in call_outcome), an email is sent or received, anything else is named by
-- its type ("Meeting", "Note"). $duration_ms: the duration column counts milliseconds.
CREATE OR REPLACE TEMP TABLE mapped AS
SELECT c.* REPLACE (json_merge_patch(c.attrs, json_object(
           'call_outcome', jx_clean(k.f_answered),
           'call_duration_seconds', try_cast(c.attrs->>'call_duration_seconds' AS DOUBLE)
                                    / CASE WHEN $duration_ms THEN 1000 ELSE 1 END)) AS attrs),
       'call' AS row_kind
FROM mapped_call c JOIN activity_rows k USING (origin_row)
UNION ALL BY NAME
SELECT e.* REPLACE (CASE WHEN regexp_matches(k.word, 'incoming|inbound|receiv') THEN 'Email received'
                         ELSE 'Email sent' END AS touchpoint),
       'email' AS row_kind
FROM mapped_email e JOIN activity_rows k USING (origin_row)
UNION ALL BY NAME
SELECT o.* REPLACE (CASE WHEN k.word = '' THEN 'Activity' ELSE upper(k.word[1]) || k.word[2:] END AS touchpoint),
       'other' AS row_kind
FROM mapped_other o JOIN activity_rows k USING (origin_row)
