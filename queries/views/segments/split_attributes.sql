-- Each attribute's values and distinct values over (at most) the first $rows touchpoints: an
-- attribute nearly always distinct is an identifier, not something to split customers by.
WITH t AS (SELECT attrs FROM touchpoints WHERE attrs IS NOT NULL ORDER BY customer_id, step LIMIT $rows)
SELECT k AS name, count(v) AS n, count(DISTINCT v) AS distinct_values
FROM (SELECT k, json_extract_string(t.attrs, '$."' || replace(k, '"', '\"') || '"') AS v
      FROM t, unnest(json_keys(t.attrs)) u(k))
GROUP BY k
ORDER BY k
