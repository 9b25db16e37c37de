"""Ingest: files in, canonical rows out, one transaction per load.

The stages, in the order data flows through them: read.py (a file → rows, with DuckDB's readers),
layouts.py (recognise which export it is and which column is which field), timestamps.py (how the
file writes time), identities.py (normalise emails and phones, stitch rows into customers) and
load.py (the pipeline that runs them and records rejects). May import db, model and rules;
never views, charts or ui.
"""
from .load import (FileReport, Inspection, LoadReport, Progress, UnknownLayout, inspect_file, kept_original,
                   load_files, rebuild, remap_file)
from .read import FileProblem

__all__ = ["FileProblem", "FileReport", "Inspection", "LoadReport", "Progress", "UnknownLayout",
           "inspect_file", "kept_original", "load_files", "rebuild", "remap_file"]
