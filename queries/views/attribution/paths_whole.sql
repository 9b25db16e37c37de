-- paths.sql when nothing is filtered and the page's options hold: each journey's path was
-- worked out with touchpoints (attribution_journeys). Journeys that did not convert are kept
-- only when $unconverted (the Markov model's paths to nowhere).
CREATE OR REPLACE TEMP TABLE attribution_paths AS
SELECT path, conversion_step IS NOT NULL AS converted, count(*) AS journeys, sum(value) AS value
FROM attribution_journeys
WHERE conversion_step IS NOT NULL OR $unconverted
GROUP BY ALL
