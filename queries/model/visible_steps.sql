-- Every step of every journey as the Journeys page shows it by default (technical hits left
-- out), with what followed it: built with touchpoints so that Obstacles and the next-step
-- evaluation read it instead of sorting every journey each time they open. Customers, steps and
-- visits are hashes of their ids and names (cheaper to group and join than text; views name
-- steps again from step_nodes). next: the step after (NULL at the journey's end);
-- seconds_to_next only when it came in the same visit; loop_via: the step the customer went on
-- to when they came round back to this one within the visit (A → B → A, up to four steps round;
-- A → A is not a loop); converts_later: a conversion comes later in the journey; prev1, prev2:
-- the two steps before. Reads derived_input (touchpoints, or an append's customers' rows).
WITH visible AS (
    SELECT hash(customer_id) AS customer, visible_step, ts, hash(coalesce(touchpoint, '(no touchpoint)')) AS step,
           is_conversion, hash(session_id) AS visit
    FROM derived_input WHERE visible_step IS NOT NULL
)
SELECT customer, visible_step AS pos, ts, step, is_conversion,
       lag(step, 1) OVER w AS prev1, lag(step, 2) OVER w AS prev2,
       lead(step) OVER w AS next, coalesce(lead(is_conversion) OVER w, false) AS next_is_conversion,
       CASE WHEN lead(visit) OVER w = visit THEN epoch(lead(ts) OVER w) - epoch(ts) END AS seconds_to_next,
       CASE WHEN lead(step) OVER w <> step
             AND ((lead(step, 2) OVER w = step AND lead(visit, 2) OVER w = visit)
               OR (lead(step, 3) OVER w = step AND lead(visit, 3) OVER w = visit)
               OR (lead(step, 4) OVER w = step AND lead(visit, 4) OVER w = visit))
            THEN lead(step) OVER w END AS loop_via,
       coalesce(visible_step < max(CASE WHEN is_conversion THEN visible_step END) OVER (PARTITION BY customer), false)
           AS converts_later
FROM visible
WINDOW w AS (PARTITION BY customer ORDER BY visible_step)
