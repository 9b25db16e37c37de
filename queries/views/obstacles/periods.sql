-- The first and last period with steps old enough to judge.
SELECT min(period) AS first, max(period) AS last FROM obstacle_steps WHERE NOT recent
