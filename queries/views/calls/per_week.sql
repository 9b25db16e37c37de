-- Calls per local week (its Monday) and channel.
SELECT date_trunc('week', local_ts)::DATE AS week, channel, count(*) AS calls,
       count(*) FILTER (WHERE answered) AS answered
FROM call_facts
GROUP BY ALL
ORDER BY week, channel
