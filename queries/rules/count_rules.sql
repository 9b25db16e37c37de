SELECT (SELECT count(*) FROM channel_rules), (SELECT count(*) FROM conversion_rules), (SELECT count(*) FROM stage_rules)
