-- Every step of every journey (technical hits left out, as on the Journeys page) with what
-- followed it: the next step, whether that was a conversion, how long after it came when it
-- came within the same visit (seconds_to_next; NULL when the visit ended there), the step the
-- customer went on to when they came round back to this one within the visit (A → B → A, up
-- to four steps round: loop_via; a repeat in a row, A → A, is not a loop), and whether they
-- converted later on. Steps in the last $settle_days days are `recent`: too soon to know what
-- followed. One sort of the journeys serves every kind of obstacle. Customers, steps and
-- visits are carried as hashes of their ids and names (cheaper to sort, group and join than
-- text; the other queries name steps again from step_nodes).
CREATE OR REPLACE TEMP TABLE obstacle_steps AS
WITH visible AS (
    SELECT hash(customer_id) AS customer, visible_step, ts, hash(coalesce(touchpoint, '(no touchpoint)')) AS step,
           is_conversion, hash(session_id) AS visit
    FROM scope WHERE visible_step IS NOT NULL
)
SELECT customer, visible_step AS pos, date_trunc($period, ts)::DATE AS period, step, is_conversion,
       lead(step) OVER w AS next, coalesce(lead(is_conversion) OVER w, false) AS next_is_conversion,
       CASE WHEN lead(visit) OVER w = visit THEN epoch(lead(ts) OVER w) - epoch(ts) END AS seconds_to_next,
       CASE WHEN lead(step) OVER w <> step
             AND ((lead(step, 2) OVER w = step AND lead(visit, 2) OVER w = visit)
               OR (lead(step, 3) OVER w = step AND lead(visit, 3) OVER w = visit)
               OR (lead(step, 4) OVER w = step AND lead(visit, 4) OVER w = visit))
            THEN lead(step) OVER w END AS loop_via,
       coalesce(visible_step < max(CASE WHEN is_conversion THEN visible_step END) OVER (PARTITION BY customer), false)
           AS converts_later,
       ts > (SELECT max(ts) FROM visible) - to_days($settle_days::INTEGER) AS recent
FROM visible
WINDOW w AS (PARTITION BY customer ORDER BY visible_step)
