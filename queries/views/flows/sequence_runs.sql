-- sequence_steps.sql (registered as journey_steps) with repeats merged, A → A → B as A → B: a
-- run of one node is kept as its last row, whose next node (numbered at load) is the first of
-- the next run, so only positions are counted again: one sort of the kept rows instead of
-- sequence.sql's two of every row. Its ts and is_conversion are the run's last, not its first.
SELECT customer_id, node, ts, is_conversion,
       row_number() OVER (PARTITION BY customer_id ORDER BY pos) AS pos, next_node
FROM journey_steps
WHERE next_node IS NULL OR next_node <> node
