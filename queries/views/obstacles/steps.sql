-- Every step of every journey (technical hits left out, as on the Journeys page) with what
-- followed it: the next step, whether that was a conversion, how long after it came when it
-- came within the same visit (seconds_to_next; NULL when the visit ended there), the
-- step the customer went on to when they came round back to this one within the visit
-- (A → B → A, up to four steps round: loop_via), and whether they converted later. Steps in the
-- last $settle_days days are `recent`: too soon to know what followed. One sort of the journeys
-- serves every kind of obstacle.
CREATE OR REPLACE TEMP TABLE obstacle_steps AS
WITH visible AS (
    SELECT customer_id, visible_step, ts, coalesce(touchpoint, '(no touchpoint)') AS touchpoint,
           is_conversion, session_id
    FROM scope WHERE visible_step IS NOT NULL
)
SELECT customer_id, visible_step AS pos, date_trunc($period, ts)::DATE AS period, touchpoint AS step,
       is_conversion, lead(touchpoint) OVER w AS next,
       coalesce(lead(is_conversion) OVER w, false) AS next_is_conversion,
       CASE WHEN lead(session_id) OVER w = session_id THEN epoch(lead(ts) OVER w) - epoch(ts) END AS seconds_to_next,
       CASE WHEN lead(touchpoint) OVER w <> touchpoint
             AND ((lead(touchpoint, 2) OVER w = touchpoint AND lead(session_id, 2) OVER w = session_id)
               OR (lead(touchpoint, 3) OVER w = touchpoint AND lead(session_id, 3) OVER w = session_id)
               OR (lead(touchpoint, 4) OVER w = touchpoint AND lead(session_id, 4) OVER w = session_id))
            THEN lead(touchpoint) OVER w END AS loop_via,
       coalesce(bool_or(is_conversion) OVER (w ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), false)
           AS converts_later,
       ts > (SELECT max(ts) FROM visible) - to_days($settle_days::INTEGER) AS recent
FROM visible
WINDOW w AS (PARTITION BY customer_id ORDER BY visible_step)
