"""Views: each module answers one question about the journeys and returns a DataFrame that the
pages draw, the CLI exports as CSV and the report summarises.

tables.py (touchpoints, rejects, loads, filter choices), overview.py, flows.py (Sankey, paths),
funnels.py, segments.py, growth.py. They read the model tables through db and the shared
filters; they may import db, model, filters, privacy and each other, never ingest, charts or ui.
"""
