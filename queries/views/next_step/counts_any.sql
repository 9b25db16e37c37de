-- What followed any step of the journeys (order 0 of the model), from the next step numbered
-- at load: the fallback when no suffix of a context occurred often enough.
SELECT coalesce(next_visible_touchpoint, '(left)') AS next, count(*) / sum(count(*)) OVER () AS probability,
       sum(count(*)) OVER ()::BIGINT AS support, 0 AS context_steps
FROM scope
WHERE visible_step IS NOT NULL
GROUP BY ALL
ORDER BY probability DESC, next
