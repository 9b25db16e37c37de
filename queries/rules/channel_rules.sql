SELECT channel, kind, source, medium, campaign FROM channel_rules ORDER BY priority
