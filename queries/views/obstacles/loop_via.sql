-- The step customers who came round back to a watched step most often went on to from it.
WITH names AS (
    SELECT node AS name, hash(node) AS via FROM step_nodes WHERE dimension = 'touchpoint'
), counted AS (
    SELECT u.step, n.name AS loop_via, row_number() OVER (PARTITION BY u.step ORDER BY count(*) DESC, n.name) AS rank
    FROM obstacle_units u JOIN names n USING (via)
    WHERE u.looped
    GROUP BY u.step, n.name
)
SELECT step, loop_via FROM counted WHERE rank = 1 ORDER BY step
