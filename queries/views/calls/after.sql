-- What callers did in the $days days after a call (a call can be followed by several of these;
-- "nothing" when by none): another call, email activity, a website visit, a conversion online.
WITH next AS (
    SELECT f.call_id,
           bool_or(t.kind = 'call') AS called_again,
           bool_or(t.kind = 'email') AS emailed,
           bool_or(t.kind = 'web') AS visited,
           bool_or(t.is_conversion AND t.kind <> 'call') AS converted
    FROM call_facts f
    JOIN touchpoints t
      ON t.customer_id = f.customer_id AND t.ts > f.ts AND t.ts <= f.ts + to_days($days::INTEGER)
    WHERE t.customer_id IN (SELECT customer_id FROM call_facts)
    GROUP BY f.call_id
), outcomes(pos, outcome) AS (
    VALUES (1, 'called again'), (2, 'email activity'), (3, 'visited the website'),
           (4, 'converted online'), (5, 'nothing')
), counts AS (
    SELECT count(*) FILTER (WHERE n.called_again) AS c1, count(*) FILTER (WHERE n.emailed) AS c2,
           count(*) FILTER (WHERE n.visited) AS c3, count(*) FILTER (WHERE n.converted) AS c4,
           count(*) FILTER (WHERE n.call_id IS NULL) AS c5, count(*) AS total
    FROM call_facts f LEFT JOIN next n USING (call_id)
)
SELECT o.outcome AS did, [c1, c2, c3, c4, c5][o.pos] AS calls,
       [c1, c2, c3, c4, c5][o.pos] / nullif(total, 0) AS share
FROM outcomes o, counts
ORDER BY o.pos
