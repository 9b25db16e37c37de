-- Calls and answered calls per local weekday (1 = Monday) and hour: every one of the 7 × 24
-- cells, empty ones as 0 calls (their answer rate unknown).
WITH cells AS (
    SELECT d AS weekday, h AS hour FROM range(1, 8) t1(d), range(0, 24) t2(h)
), counts AS (
    SELECT isodow(local_ts) AS weekday, hour(local_ts) AS hour, count(*) AS calls,
           count(*) FILTER (WHERE answered) AS answered
    FROM call_facts GROUP BY ALL
)
SELECT c.weekday::INTEGER AS weekday, c.hour::INTEGER AS hour,
       coalesce(n.calls, 0) AS calls, coalesce(n.answered, 0) AS answered,
       n.answered / n.calls AS answer_rate
FROM cells c LEFT JOIN counts n USING (weekday, hour)
ORDER BY weekday, hour
