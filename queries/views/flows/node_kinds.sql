-- Each touchpoint name with the kind most of its rows have (web, call, email, other): what the
-- Journeys Sankey colours a touchpoint node by. Names renamed by a group rule take the label.
WITH groups AS (
    SELECT i, ($patterns::VARCHAR[])[i] AS pattern, ($labels::VARCHAR[])[i] AS label
    FROM range(1, len($patterns::VARCHAR[]) + 1) t(i)
), counted AS (
    SELECT touchpoint AS node, kind, count(*) AS n FROM touchpoints GROUP BY ALL
), labelled AS (
    SELECT coalesce((SELECT arg_min(g.label, g.i) FROM groups g WHERE c.node GLOB g.pattern), c.node) AS node,
           kind, n
    FROM counted c
)
SELECT node, arg_max(kind, n) AS kind FROM (SELECT node, kind, sum(n) AS n FROM labelled GROUP BY ALL)
GROUP BY node ORDER BY node
