SELECT stage, kind, touchpoint, journey_part FROM stage_rules ORDER BY priority
