-- Customers per kind are counted from overview_customers' kind mix, not with a DISTINCT over
-- every touchpoint (0.05 s against 0.21 s at 10M).
WITH customers AS (
    SELECT kind, count(*) AS customers
    FROM overview_customers, unnest(string_split(kinds, ' + ')) AS k(kind)
    GROUP BY kind
)
SELECT t.kind, t.touchpoints, c.customers
FROM (SELECT kind, count(*) AS touchpoints FROM scope GROUP BY kind) t JOIN customers c USING (kind)
ORDER BY touchpoints DESC, kind
