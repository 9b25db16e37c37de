-- Each call's last website touchpoint before it (any time before) and how long before: found
-- with touchpoints (call_rows), carried by call_facts.
CREATE OR REPLACE TEMP TABLE call_last_web AS
SELECT call_id, answered, last_web_touchpoint AS touchpoint, last_web_seconds AS seconds_before
FROM call_facts
