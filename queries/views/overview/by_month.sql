SELECT date_trunc('month', ts)::DATE AS month, kind, count(*) AS touchpoints
FROM scope GROUP BY ALL ORDER BY month, kind
