-- Which combinations of kinds customers are seen in ("web + call", "web + call + email", …).
SELECT kinds, count(*) AS customers FROM overview_customers
GROUP BY kinds ORDER BY customers DESC, kinds
