SELECT regexp_replace(reason, ':.*$', '') AS reason, count(*) AS rows FROM final
WHERE reason IS NOT NULL GROUP BY 1 ORDER BY rows DESC, reason
