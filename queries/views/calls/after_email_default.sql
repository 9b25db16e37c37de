-- after_email.sql for the page's default window (email activity in the 7 days before a call),
-- whose campaigns call_emails found with touchpoints.
WITH pairs AS (
    SELECT DISTINCT f.call_id, f.customer_id, e.campaign
    FROM call_facts f
    JOIN call_emails e USING (customer_id, ts, origin_file, origin_row)
)
SELECT campaign, GROUPING(campaign) = 1 AS all_campaigns, count(DISTINCT customer_id) AS callers,
       count(DISTINCT call_id) AS calls,
       count(DISTINCT customer_id) / (SELECT count(DISTINCT customer_id) FROM call_facts) AS share_of_callers
FROM pairs
GROUP BY GROUPING SETS ((), (campaign))
ORDER BY all_campaigns DESC, callers DESC, calls DESC, campaign NULLS LAST
