-- overview_by_channel.sql with no filter: customers per channel as counted at load (step_nodes),
-- so only the plain counts read every touchpoint (no DISTINCT over 10M rows).
SELECT t.channel, t.touchpoints, n.customers, t.conversions
FROM (SELECT channel, count(*) AS touchpoints, count(*) FILTER (WHERE is_conversion) AS conversions
      FROM scope GROUP BY channel) t
JOIN step_nodes n ON n.dimension = 'channel' AND n.node = t.channel
ORDER BY touchpoints DESC, channel
