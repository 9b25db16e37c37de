-- First-time against repeat calls: how many, how often answered, how long, what they bring.
SELECT CASE WHEN first_time THEN 'First-time' ELSE 'Repeat' END AS caller,
       count(*) AS calls, count(*) FILTER (WHERE answered) AS answered,
       count(*) FILTER (WHERE answered) / count(*) AS answer_rate,
       count(DISTINCT customer_id) AS customers,
       median(duration) FILTER (WHERE answered) AS median_duration_seconds,
       count(*) FILTER (WHERE is_conversion) AS conversions, coalesce(sum(value), 0) AS value
FROM call_facts
GROUP BY ALL
ORDER BY caller
