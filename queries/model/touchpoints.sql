-- The table every view reads: events stitched to customers, with channel, conversion, stage
-- and session from the workspace's rules. Rules are matched once per distinct combination.
CREATE OR REPLACE TABLE touchpoints AS
WITH customers AS (
    SELECT id_type || ':' || id_value AS anchor, customer_id FROM identities
),
-- A hit without its own source belongs to its session's traffic source (as in GA4).
base AS MATERIALIZED (
    SELECT k.customer_id, e.* REPLACE (
        coalesce(e.source, CASE WHEN e.session_id IS NOT NULL THEN first_value(e.source IGNORE NULLS) OVER s END) AS source,
        coalesce(e.medium, CASE WHEN e.session_id IS NOT NULL THEN first_value(e.medium IGNORE NULLS) OVER s END) AS medium,
        coalesce(e.campaign, CASE WHEN e.session_id IS NOT NULL THEN first_value(e.campaign IGNORE NULLS) OVER s END) AS campaign,
        coalesce(e.keyword, CASE WHEN e.session_id IS NOT NULL THEN first_value(e.keyword IGNORE NULLS) OVER s END) AS keyword)
    FROM events e JOIN customers k ON k.anchor = e.anchor
    WINDOW s AS (PARTITION BY k.customer_id, e.kind, e.session_id ORDER BY e.ts, e.origin_file, e.origin_row
                 ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
),
channel_map AS (
    SELECT c.kind, c.source, c.medium, c.campaign, arg_min(r.channel, r.priority) AS channel
    FROM (SELECT DISTINCT kind, source, medium, campaign FROM base) c
    JOIN channel_rules r
      ON (r.kind IS NULL OR r.kind = c.kind)
     AND (r.source IS NULL OR regexp_matches(coalesce(c.source, ''), r.source, 'i'))
     AND (r.medium IS NULL OR regexp_matches(coalesce(c.medium, ''), r.medium, 'i'))
     AND (r.campaign IS NULL OR regexp_matches(coalesce(c.campaign, ''), r.campaign, 'i'))
    GROUP BY ALL
),
conversion_map AS (
    SELECT DISTINCT c.kind, c.touchpoint
    FROM (SELECT DISTINCT kind, touchpoint FROM base) c
    JOIN conversion_rules r
      ON (r.kind IS NULL OR r.kind = c.kind) AND regexp_matches(c.touchpoint, r.touchpoint, 'i')
),
ordered AS MATERIALIZED (
    SELECT e.customer_id, e.ts, e.kind, e.touchpoint, coalesce(ch.channel, 'Unassigned') AS channel,
           e.source, e.medium, e.campaign, e.keyword, e.value, cv.kind IS NOT NULL AS is_conversion,
           e.session_id, e.attrs, e.origin_file, e.origin_row,
           row_number() OVER (PARTITION BY e.customer_id, cv.kind IS NOT NULL
                              ORDER BY e.ts, e.origin_file, e.origin_row) AS conversion_rank,
           min(CASE WHEN cv.kind IS NOT NULL THEN e.ts END) OVER (PARTITION BY e.customer_id) AS first_conversion_ts,
           e.ts - lag(e.ts) OVER (PARTITION BY e.customer_id ORDER BY e.ts, e.origin_file, e.origin_row) AS gap
    FROM base e
    LEFT JOIN channel_map ch
      ON ch.kind = e.kind AND ch.source IS NOT DISTINCT FROM e.source
     AND ch.medium IS NOT DISTINCT FROM e.medium AND ch.campaign IS NOT DISTINCT FROM e.campaign
    LEFT JOIN conversion_map cv ON cv.kind = e.kind AND cv.touchpoint = e.touchpoint
),
parted AS MATERIALIZED (
    SELECT *,
           CASE WHEN is_conversion AND conversion_rank = 1 THEN 'first conversion'
                WHEN is_conversion THEN 'repeat conversion'
                WHEN ts > first_conversion_ts THEN 'after conversion'
                ELSE 'before conversion' END AS journey_part,
           sum(CASE WHEN gap IS NULL OR gap > to_minutes($session_minutes) THEN 1 ELSE 0 END)
               OVER (PARTITION BY customer_id ORDER BY ts, origin_file, origin_row) AS session_number
    FROM ordered
),
stage_map AS (
    SELECT c.kind, c.touchpoint, c.journey_part, arg_min(r.stage, r.priority) AS stage
    FROM (SELECT DISTINCT kind, touchpoint, journey_part FROM parted) c
    JOIN stage_rules r
      ON (r.kind IS NULL OR r.kind = c.kind)
     AND (r.touchpoint IS NULL OR regexp_matches(c.touchpoint, r.touchpoint, 'i'))
     AND (r.journey_part IS NULL OR r.journey_part = c.journey_part)
    GROUP BY ALL
)
SELECT p.customer_id, p.ts, p.kind, p.touchpoint, p.channel, p.source, p.medium, p.campaign,
       p.keyword, p.value, p.is_conversion, coalesce(s.stage, 'Awareness') AS stage,
       coalesce(p.session_id, p.customer_id || '-s' || p.session_number) AS session_id,
       p.attrs, p.origin_file, p.origin_row
FROM parted p
LEFT JOIN stage_map s USING (kind, touchpoint, journey_part)
ORDER BY p.customer_id, p.ts, p.origin_file, p.origin_row
