-- The rows of touchpoints, the table every view reads: events stitched to customers, with
-- channel, conversion, stage and session from the workspace's rules, each touchpoint's step in
-- its customer's journey and the touchpoint after it (so flows are group-bys). Rules are matched
-- once per distinct combination; per-session and per-customer facts are group-bys joined back,
-- so the wide rows are sorted once (gaps, steps, next). Early steps are recomputed where read
-- twice: cheaper than copying every wide row (NOT MATERIALIZED). $scoped: only the customers an
-- appended load touches (id_scope), whose rows replace theirs.
WITH customers AS (
    SELECT id_type || ':' || id_value AS anchor, customer_id FROM identities
    WHERE NOT $scoped OR id_type || ':' || id_value IN (SELECT node FROM id_scope)
),
joined AS NOT MATERIALIZED (
    SELECT k.customer_id, e.* FROM events e JOIN customers k ON k.anchor = e.anchor
),
-- A hit without its own source belongs to its session's traffic source (as in GA4).
session_source AS (
    SELECT customer_id, kind, session_id,
           arg_min(source, (ts, origin_file, origin_row)) FILTER (WHERE source IS NOT NULL) AS source,
           arg_min(medium, (ts, origin_file, origin_row)) FILTER (WHERE medium IS NOT NULL) AS medium,
           arg_min(campaign, (ts, origin_file, origin_row)) FILTER (WHERE campaign IS NOT NULL) AS campaign,
           arg_min(keyword, (ts, origin_file, origin_row)) FILTER (WHERE keyword IS NOT NULL) AS keyword
    FROM joined
    WHERE session_id IS NOT NULL AND (source IS NULL OR medium IS NULL OR campaign IS NULL OR keyword IS NULL)
    GROUP BY ALL
),
base AS NOT MATERIALIZED (
    SELECT e.* REPLACE (coalesce(e.source, s.source) AS source, coalesce(e.medium, s.medium) AS medium,
                        coalesce(e.campaign, s.campaign) AS campaign, coalesce(e.keyword, s.keyword) AS keyword)
    FROM joined e
    LEFT JOIN session_source s USING (customer_id, kind, session_id)
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
mapped AS NOT MATERIALIZED (
    -- A file's own channel column (attrs.channel, see ingest/layouts.py) wins over the rules.
    SELECT e.*, coalesce(nullif(trim(e.attrs->>'channel'), ''), ch.channel, 'Unassigned') AS channel,
           cv.kind IS NOT NULL AS is_conversion
    FROM base e
    LEFT JOIN channel_map ch
      ON ch.kind = e.kind AND ch.source IS NOT DISTINCT FROM e.source
     AND ch.medium IS NOT DISTINCT FROM e.medium AND ch.campaign IS NOT DISTINCT FROM e.campaign
    LEFT JOIN conversion_map cv ON cv.kind = e.kind AND cv.touchpoint = e.touchpoint
),
first_conversion AS (
    SELECT customer_id, min((ts, origin_file, origin_row)) AS first_key, min(ts) AS first_ts
    FROM mapped WHERE is_conversion GROUP BY customer_id
),
ordered AS MATERIALIZED (
    SELECT *,
           ts - lag(ts) OVER w AS gap, row_number() OVER w AS step,
           lead(ts) OVER w AS next_ts, lead(kind) OVER w AS next_kind,
           lead(touchpoint) OVER w AS next_touchpoint, lead(channel) OVER w AS next_channel,
           lead(campaign) OVER w AS next_campaign, lead(journey_part) OVER w AS next_journey_part,
           -- The same journey without the hits analytics tools log on their own ($technical),
           -- the Journeys page's default: read as is, like step, instead of sorted again.
           CASE WHEN NOT technical THEN count(*) FILTER (WHERE NOT technical)
                OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) END AS visible_step,
           lead(CASE WHEN NOT technical THEN coalesce(touchpoint, '(no touchpoint)') END IGNORE NULLS) OVER w AS next_visible_touchpoint
    FROM (SELECT m.*, coalesce(list_contains($technical::VARCHAR[], m.touchpoint), false) AS technical,
                 CASE WHEN m.is_conversion AND (m.ts, m.origin_file, m.origin_row) = f.first_key THEN 'first conversion'
                      WHEN m.is_conversion THEN 'repeat conversion'
                      WHEN m.ts > f.first_ts THEN 'after conversion'
                      ELSE 'before conversion' END AS journey_part
          FROM mapped m LEFT JOIN first_conversion f USING (customer_id))
    WINDOW w AS (PARTITION BY customer_id ORDER BY ts, origin_file, origin_row)
),
-- Touchpoints without a session of their own get one by the 30-minute rule: a new session
-- starts after a gap. Only rows that need a number or start a session take part.
numbered AS (
    SELECT customer_id, step,
           sum(CASE WHEN gap IS NULL OR gap > to_minutes($session_minutes) THEN 1 ELSE 0 END)
               OVER (PARTITION BY customer_id ORDER BY step) AS session_number
    FROM ordered
    WHERE session_id IS NULL OR gap IS NULL OR gap > to_minutes($session_minutes)
),
stage_map AS (
    SELECT c.kind, c.touchpoint, c.journey_part, arg_min(r.stage, r.priority) AS stage
    FROM (SELECT DISTINCT kind, touchpoint, journey_part FROM ordered) c
    JOIN stage_rules r
      ON (r.kind IS NULL OR r.kind = c.kind)
     AND (r.touchpoint IS NULL OR regexp_matches(c.touchpoint, r.touchpoint, 'i'))
     AND (r.journey_part IS NULL OR r.journey_part = c.journey_part)
    GROUP BY ALL
)
SELECT o.customer_id, o.ts, o.kind, o.touchpoint, o.channel, o.source, o.medium, o.campaign,
       o.keyword, o.value, o.is_conversion, coalesce(s.stage, 'Awareness') AS stage,
       coalesce(o.session_id, o.customer_id || '-s' || n.session_number) AS session_id,
       o.attrs, o.origin_file, o.origin_row,
       o.step, o.next_ts, o.next_touchpoint, o.next_channel,
       CASE WHEN o.next_ts IS NOT NULL THEN coalesce(ns.stage, 'Awareness') END AS next_stage,
       o.next_campaign, o.visible_step, o.next_visible_touchpoint
FROM ordered o
LEFT JOIN numbered n ON n.customer_id = o.customer_id AND n.step = o.step AND o.session_id IS NULL
LEFT JOIN stage_map s ON s.kind = o.kind AND s.touchpoint = o.touchpoint AND s.journey_part = o.journey_part
LEFT JOIN stage_map ns
       ON ns.kind = o.next_kind AND ns.touchpoint = o.next_touchpoint AND ns.journey_part = o.next_journey_part

