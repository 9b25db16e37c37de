-- The checked rows of costs_input (a registered frame) saved as the workspace's costs.
INSERT INTO costs
SELECT period_start::DATE, period_end::DATE, channel, campaign, cost::DOUBLE FROM costs_input
