-- No scope: a whole rebuild (the scoped queries still name the table).
CREATE OR REPLACE TEMP TABLE id_scope (node VARCHAR)
