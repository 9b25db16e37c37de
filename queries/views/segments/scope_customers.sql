-- The customers of the one segment a scope is narrowed to (see filters.register_scope).
CREATE OR REPLACE TEMP TABLE scope_customers AS SELECT customer_id FROM segment_customers
