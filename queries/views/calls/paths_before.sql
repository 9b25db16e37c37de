-- The most common website journeys into a call: the caller's last $steps website touchpoints
-- in the $days days before it (repeats in a row merged), ending in the call.
WITH visits AS (
    SELECT f.call_id, w.ts, w.touchpoint,
           lag(w.touchpoint) OVER (PARTITION BY f.call_id ORDER BY w.ts) AS previous
    FROM call_facts f
    JOIN call_web w
      ON w.customer_id = f.customer_id AND w.ts < f.ts AND w.ts >= f.ts - to_days($days::INTEGER)
), merged AS (
    SELECT call_id, ts, touchpoint,
           row_number() OVER (PARTITION BY call_id ORDER BY ts DESC) AS from_end
    FROM visits
    WHERE previous IS NULL OR previous <> touchpoint
), paths AS (
    SELECT call_id, string_agg(touchpoint, ' → ' ORDER BY ts) || ' → Call' AS path
    FROM merged WHERE from_end <= $steps GROUP BY call_id
)
SELECT coalesce(p.path, $none) AS path, count(*) AS calls,
       count(*) / (SELECT count(*) FROM call_facts) AS share,
       count(*) FILTER (WHERE f.answered) AS answered
FROM call_facts f LEFT JOIN paths p USING (call_id)
GROUP BY p.path
ORDER BY p.path IS NULL, calls DESC, p.path
LIMIT $top
