-- steps.sql when nothing is filtered: the steps and what followed them were worked out with
-- touchpoints (visible_steps), so only the period and whether a step is recent are added here.
-- Registered as obstacle_steps.
SELECT customer, pos, date_trunc($period, ts)::DATE AS period, step, is_conversion, next, next_is_conversion,
       seconds_to_next, loop_via, converts_later,
       ts > (SELECT max(ts) FROM visible_steps) - to_days($settle_days::INTEGER) AS recent
FROM visible_steps
