-- Each call's last website touchpoint before it (any time before) and how long before.
CREATE OR REPLACE TEMP TABLE call_last_web AS
SELECT f.call_id, f.answered, w.touchpoint, epoch(f.ts - w.ts) AS seconds_before
FROM call_facts f
ASOF LEFT JOIN call_web w ON w.customer_id = f.customer_id AND f.ts > w.ts
