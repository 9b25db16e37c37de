-- Workspaces made before steps became a view over touchpoints kept it as a table.
DROP TABLE steps
