"""Views: each module answers one question about the journeys and returns a DataFrame that the
pages draw, the CLI exports as CSV and the report summarises.

tables.py (touchpoints, rejects, loads, filter choices), overview.py, flows.py (Sankey, paths),
funnels.py, segments.py, growth.py, calls.py and costs.py, attribution.py, next_step.py,
obstacles.py (with obstacle_stats.py and obstacle_words.py). They read the model tables through
db and the shared filters; they may import db, model, rules (settings), filters, privacy and each
other, never ingest, charts or ui.
"""
