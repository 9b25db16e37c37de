SELECT channel, count(*) AS touchpoints, count(DISTINCT customer_id) AS customers,
       count(*) FILTER (WHERE is_conversion) AS conversions
FROM scope GROUP BY channel ORDER BY touchpoints DESC, channel
