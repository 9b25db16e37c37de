-- Which combinations of kinds customers are seen in ("web + call", "web + call + email", …).
SELECT kinds, count(*) AS customers FROM (
    SELECT customer_id, string_agg(DISTINCT kind, ' + ' ORDER BY kind) AS kinds
    FROM scope GROUP BY customer_id
) GROUP BY kinds ORDER BY customers DESC, kinds
