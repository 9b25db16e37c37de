-- Every node of every dimension with the customers who reach it: the pickers' lists, and the
-- names group rules are matched against, without scanning every touchpoint again.
CREATE OR REPLACE TABLE step_nodes AS
SELECT dimension, coalesce(node, '(no ' || dimension || ')') AS node, count(DISTINCT customer_id) AS customers
FROM (UNPIVOT (SELECT customer_id, touchpoint, channel, stage, campaign FROM steps)
      ON touchpoint, channel, stage, campaign INTO NAME dimension VALUE node)
GROUP BY ALL
