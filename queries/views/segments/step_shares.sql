-- Where segments differ: for each step (a touchpoint, channel, stage or campaign, as $by says;
-- $exclude left out), the share of each segment's customers who ever had it, and the spread of
-- those shares (largest − smallest, empty segments aside). The $top steps with the widest spread.
WITH steps AS (
    SELECT DISTINCT customer_id,
           coalesce(CASE $by WHEN 'touchpoint' THEN touchpoint WHEN 'channel' THEN channel
                             WHEN 'stage' THEN stage ELSE campaign END, '(no ' || $by || ')') AS step
    FROM scope
), had AS (
    SELECT c.segment, s.step, count(*) AS customers
    FROM segment_customers c JOIN steps s USING (customer_id)
    WHERE NOT list_contains($exclude::VARCHAR[], s.step)
    GROUP BY ALL
), sizes AS (
    SELECT r.segment, count(c.customer_id) AS customers
    FROM range($segments) r(segment) LEFT JOIN segment_customers c USING (segment)
    GROUP BY r.segment
), shares AS (
    SELECT z.segment, t.step, coalesce(h.customers, 0) / nullif(z.customers, 0) AS share
    FROM sizes z CROSS JOIN (SELECT DISTINCT step FROM had) t
    LEFT JOIN had h ON h.segment = z.segment AND h.step = t.step
), spread AS (
    SELECT *, max(share) OVER (PARTITION BY step) - min(share) OVER (PARTITION BY step) AS difference
    FROM shares
)
SELECT step, segment, share, difference
FROM spread
QUALIFY dense_rank() OVER (ORDER BY difference DESC, step) <= $top
ORDER BY difference DESC, step, segment
