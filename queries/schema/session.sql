-- Timestamps are UTC everywhere; offsets in exports are converted on the way in.
SET TimeZone = 'UTC'
