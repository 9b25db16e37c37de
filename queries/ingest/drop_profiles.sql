-- Identify messages are customer fields, not touchpoints: out of final once saved (their
-- identifiers are linked already).
DELETE FROM final WHERE origin_row IN (SELECT origin_row FROM profile_rows)
