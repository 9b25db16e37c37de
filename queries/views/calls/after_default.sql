-- after.sql for the page's default window (the 30 days after a call), whose outcomes call_rows
-- found with touchpoints (call_facts.*_30d).
WITH outcomes(pos, outcome) AS (
    VALUES (1, 'called again'), (2, 'email activity'), (3, 'visited the website'),
           (4, 'converted online'), (5, 'nothing')
), counts AS (
    SELECT count(*) FILTER (WHERE called_again_30d) AS c1, count(*) FILTER (WHERE emailed_30d) AS c2,
           count(*) FILTER (WHERE visited_30d) AS c3, count(*) FILTER (WHERE converted_30d) AS c4,
           count(*) FILTER (WHERE NOT followed_30d) AS c5, count(*) AS total
    FROM call_facts
)
SELECT o.outcome AS did, [c1, c2, c3, c4, c5][o.pos] AS calls,
       [c1, c2, c3, c4, c5][o.pos] / nullif(total, 0) AS share
FROM outcomes o, counts
ORDER BY o.pos
