-- Each customer at each watched step ($steps, with their ways on $ways) in each period, once:
-- whether they went on (to the step's way on, or to a conversion) right after it, whether they
-- came round back to it within a visit and through which step the first time (via), and how
-- long the first time took to the next step.
CREATE OR REPLACE TEMP TABLE obstacle_units AS
WITH watched AS (
    SELECT name, hash(name) AS step, hash(way_on) AS way_on
    FROM (SELECT unnest($steps::VARCHAR[]) AS name, unnest($ways::VARCHAR[]) AS way_on)
), units AS (
    SELECT s.customer, s.step, s.period,
           bool_or(s.next IS NOT DISTINCT FROM w.way_on OR s.next_is_conversion) AS continued,
           bool_or(s.loop_via IS NOT NULL) AS looped, arg_min(s.loop_via, s.pos) AS via,
           arg_min(s.seconds_to_next, s.pos) AS seconds
    FROM obstacle_steps s JOIN watched w USING (step)
    WHERE NOT s.recent
    GROUP BY s.customer, s.step, s.period
)
SELECT u.customer, w.name AS step, u.period, u.continued, u.looped, u.via, u.seconds
FROM units u JOIN watched w USING (step)
