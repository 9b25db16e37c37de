SELECT kind, touchpoint FROM conversion_rules
