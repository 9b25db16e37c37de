-- Every node of every dimension with the customers who reach it: the pickers' lists, and the
-- names group rules are matched against, without scanning every touchpoint again.
CREATE OR REPLACE TABLE step_nodes AS
SELECT dimension, coalesce(node, '(no ' || dimension || ')') AS node, count(DISTINCT customer_id) AS customers
FROM (SELECT customer_id, unnest(['touchpoint', 'channel', 'stage', 'campaign']) AS dimension,
             unnest([touchpoint, channel, stage, campaign]) AS node
      FROM steps)
GROUP BY ALL
