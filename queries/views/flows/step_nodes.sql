-- nodes.sql for unfiltered, ungrouped journeys: counted once at load.
SELECT node, customers FROM step_nodes WHERE dimension = $by ORDER BY customers DESC, node
