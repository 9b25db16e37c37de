-- Every kept attribute, with how many values, distinct values and customers it has over (at most) the first
-- $rows touchpoints of each file, and up to $sample distinct values from the first few hundred
-- of them, whose shape (hashes, emails, phones, masked ***) says whether it is worth offering.
-- Per file, so a small file loaded after a large one is looked at too; an attribute too rare to
-- be in the sample has n NULL.
WITH keyed AS (
    SELECT DISTINCT unnest(json_keys(attrs)) AS name FROM touchpoints WHERE attrs IS NOT NULL
), t AS (
    SELECT customer_id, attrs, row_number() OVER (PARTITION BY origin_file ORDER BY customer_id, step) AS rn
    FROM touchpoints
    WHERE attrs IS NOT NULL
    QUALIFY rn <= $rows
), kv AS (
    SELECT k, rn, customer_id, json_extract_string(t.attrs, '$."' || replace(k, '"', '\"') || '"') AS v
    FROM t, unnest(json_keys(t.attrs)) u(k)
), counted AS (
    SELECT k, count(v) AS n, count(DISTINCT v) AS distinct_values,
           count(DISTINCT customer_id) FILTER (WHERE v IS NOT NULL) AS customers,
           list_slice(list(DISTINCT v) FILTER (WHERE rn <= 500 AND trim(v) <> ''), 1, $sample) AS sample
    FROM kv
    GROUP BY k
)
SELECT keyed.name, counted.n, counted.distinct_values, counted.customers, counted.sample
FROM keyed LEFT JOIN counted ON counted.k = keyed.name
ORDER BY keyed.name
