-- A conversion with no credited touch at all (a direct purchase, a call out of the blue) is its
-- own only touch in attribution_touches, so credits still add up to the conversions.
INSERT INTO attribution_touches
SELECT c.customer_id, c.step, c.step,
       coalesce(CASE $by WHEN 'channel' THEN c.channel WHEN 'source' THEN c.source
                         WHEN 'campaign' THEN c.campaign ELSE c.keyword END,
                '(no ' || $by || ')'),
       c.ts, 0.0, coalesce(c.value, 0)
FROM scope c
WHERE c.is_conversion
  AND NOT EXISTS (SELECT 1 FROM attribution_touches t
                  WHERE t.customer_id = c.customer_id AND t.conversion_step = c.step)
