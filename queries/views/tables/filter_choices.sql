SELECT list(DISTINCT kind ORDER BY kind), list(DISTINCT channel ORDER BY channel),
       min(ts)::DATE, max(ts)::DATE
FROM touchpoints
