"""The demo: a seeded, realistic outdoor-gear shop whose web, call and email exports tell a story.

story.py holds its numbers and cast, behaviour.py how its customers act, simulate.py turns that
into visits, events, calls and emails (numpy arrays), and write.py writes the three exports the
app loads like any upload. May import numpy and pyarrow, nothing else of the package: the demo
is data, made without knowing how it is loaded.
"""
from .simulate import END, EVENTS, FILES, START
from .write import write_events, write_sample_data

__all__ = ["END", "EVENTS", "FILES", "START", "write_events", "write_sample_data"]
