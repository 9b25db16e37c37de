-- Callers who called within $days days after email activity (an open, a click …), per email
-- campaign and over all of them (campaign NULL, first): customers, their calls, and the share
-- of all callers in call_facts.
WITH pairs AS (
    SELECT DISTINCT f.call_id, f.customer_id, e.campaign
    FROM call_facts f
    JOIN touchpoints e
      ON e.customer_id = f.customer_id AND e.kind = 'email'
     AND e.ts < f.ts AND e.ts >= f.ts - to_days($days::INTEGER)
    WHERE e.customer_id IN (SELECT customer_id FROM call_facts)
)
SELECT campaign, GROUPING(campaign) = 1 AS all_campaigns, count(DISTINCT customer_id) AS callers,
       count(DISTINCT call_id) AS calls,
       count(DISTINCT customer_id) / (SELECT count(DISTINCT customer_id) FROM call_facts) AS share_of_callers
FROM pairs
GROUP BY GROUPING SETS ((), (campaign))
ORDER BY all_campaigns DESC, callers DESC, calls DESC, campaign NULLS LAST
