"""Builders for real-shaped test files and workspaces (imported by tests as `helpers`)."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from journey_explorer import demo, ingest, workspace

FIXTURES = Path(__file__).parent / "fixtures"


def write_csv(path: Path, header: list[str], rows: list[list], delimiter: str = ",",
              encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


CALL_HEADER = ["Start Time", "Customer Phone Number", "Tracking Phone Number", "Duration (seconds)",
               "Answered", "First-Time Caller", "Source", "Medium", "Campaign", "Keywords",
               "Landing Page", "GCLID", "Value", "Device Type", "Customer City"]
EMAIL_HEADER = ["Email Address", "Action", "Timestamp", "Campaign Title", "URL"]
GA4_HEADER = ["event_date", "event_timestamp", "event_name", "event_params", "user_pseudo_id",
              "user_id", "device.category", "geo.country"]


def ga4_params(**params) -> str:
    return json.dumps([{"key": k, "value": {"int_value" if isinstance(v, int) else "string_value": v}}
                       for k, v in params.items()])


def generated_workspace(folder, events: int, seed: int):
    """Demo-shaped exports of about `events` rows written to `folder`, loaded into a workspace there."""
    files = demo.write_events(folder, events, seed=seed)
    connection = workspace.connect(folder / "workspace.duckdb")
    ingest.load_files(connection, list(files.values()))
    return connection


def cli(*args, cwd=None):
    """The console script run as a user runs it: a process of its own."""
    return subprocess.run([sys.executable, "-m", "journey_explorer.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=300)
