-- A touchpoint is a conversion when any rule matches its kind (NULL: any) and name pattern.
CREATE TABLE IF NOT EXISTS conversion_rules (kind VARCHAR, touchpoint VARCHAR)
