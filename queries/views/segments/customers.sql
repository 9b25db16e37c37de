-- Each customer once per segment they are in, with what a comparison adds up. segment_touches is
-- the touchpoints with segment_mask (bit j set when the touchpoint matches condition j); the
-- first touchpoint is the one with the lowest step (journey order, computed at load). Segment i
-- (0-based) wants every $any_yes[i] bit on some touchpoint, no $any_no[i] bit on any, and every
-- $first_yes[i] bit but no $first_no[i] bit on the first touchpoint.
CREATE OR REPLACE TEMP TABLE segment_customers AS
WITH per_customer AS (
    SELECT customer_id, bit_or(segment_mask) AS any_mask, arg_min(segment_mask, step) AS first_mask,
           count(*) AS touchpoints,
           epoch(min(ts) FILTER (WHERE is_conversion) - min(ts)) / 86400 AS days_to_convert,
           coalesce(sum(value) FILTER (WHERE is_conversion), 0) AS value
    FROM segment_touches
    GROUP BY customer_id
), wanted AS (
    SELECT i - 1 AS segment, ($any_yes::BIGINT[])[i] AS any_yes, ($any_no::BIGINT[])[i] AS any_no,
           ($first_yes::BIGINT[])[i] AS first_yes, ($first_no::BIGINT[])[i] AS first_no
    FROM range(1, len($any_yes::BIGINT[]) + 1) t(i)
)
SELECT w.segment, c.customer_id, c.touchpoints, c.days_to_convert IS NOT NULL AS converted,
       c.days_to_convert, c.value
FROM wanted w, per_customer c
WHERE (c.any_mask & w.any_yes) = w.any_yes AND (c.any_mask & w.any_no) = 0
  AND (c.first_mask & w.first_yes) = w.first_yes AND (c.first_mask & w.first_no) = 0
