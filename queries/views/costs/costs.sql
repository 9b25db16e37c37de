-- The workspace's costs, in a stable order.
SELECT period_start, period_end, channel, campaign, cost
FROM costs
ORDER BY period_start, period_end, channel NULLS FIRST, campaign NULLS FIRST, cost
