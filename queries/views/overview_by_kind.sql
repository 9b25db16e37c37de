SELECT kind, count(*) AS touchpoints, count(DISTINCT customer_id) AS customers
FROM scope GROUP BY kind ORDER BY touchpoints DESC, kind
