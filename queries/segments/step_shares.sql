-- For each step (a touchpoint, channel, stage or campaign, as $by says), the share of each
-- segment's customers who ever had it; $exclude steps are left out.
WITH steps AS (
    SELECT DISTINCT customer_id,
           coalesce(CASE $by WHEN 'touchpoint' THEN touchpoint WHEN 'channel' THEN channel
                             WHEN 'stage' THEN stage ELSE campaign END, '(no ' || $by || ')') AS step
    FROM scope
), sizes AS (
    SELECT segment, count(*) AS customers FROM segment_customers GROUP BY segment
)
SELECT c.segment, s.step, count(*) / any_value(z.customers) AS share
FROM segment_customers c JOIN steps s USING (customer_id) JOIN sizes z USING (segment)
WHERE NOT list_contains($exclude::VARCHAR[], s.step)
GROUP BY c.segment, s.step
