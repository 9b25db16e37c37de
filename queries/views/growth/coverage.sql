-- The days the loaded exports cover (all touchpoints, whatever the filters): a period is
-- complete only when these days cover it from its first day to its last.
SELECT min(ts)::DATE AS first_day, max(ts)::DATE AS last_day FROM touchpoints
