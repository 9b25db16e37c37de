"""The benchmark's peer: retentioneering 5.x (`pip install -e .[bench]`) on the same generated files.

Done the way its documentation does it: pandas reads the exports into one user_id/event/timestamp
frame, `Eventstream(frame, schema=…)` sorts and indexes it, then `step_sankey_data(max_steps=5)`
(the data behind its Step Sankey) and `funnel_data(steps=…)`. Event names are our touchpoint
names, built the way queries/ingest/map_*.sql builds them, so the funnel uses the same steps.
A user is what each file itself gives: GA4's user_pseudo_id, the caller's number (digits, last
ten) and the email address (trimmed, lower case). Nothing is stitched across files, so the peer
does less work than our load. It runs in a child process, so its memory is not counted in ours,
with its usage tracking (it reports to PostHog by default) switched off.
"""
from __future__ import annotations

import importlib.util
import multiprocessing
import os
import re
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd

from ..demo import FILES

PEER = "retentioneering"
NOT_INSTALLED = "retentioneering not installed (pip install -e .[bench]) — peer comparison skipped"
SCHEMA = {"path_cols": ["user_id"], "event_col": "event", "timestamp_col": "timestamp"}
EMAIL_ACTIONS = {"open": "Email opened", "click": "Email clicked", "bounce": "Email bounced",
                 "unsubscribe": "Email unsubscribed"}
# The path of page_location, GA4's first event parameter; "/" when the URL has none (jx_url_path).
PAGE_PATH = r'"page_location","value":\{"string_value":"[A-Za-z][A-Za-z0-9+.-]*://[^/?#"]*([^?#"]*)'


def read_web(path) -> pd.DataFrame:
    raw = pd.read_csv(path, usecols=["event_timestamp", "event_name", "event_params", "user_pseudo_id"],
                      dtype={"user_pseudo_id": str, "event_name": str, "event_params": str})
    event = raw["event_name"].copy()
    viewed = event == "page_view"
    page = raw.loc[viewed, "event_params"].str.extract(PAGE_PATH, expand=False)
    event[viewed] = "page_view " + page.where(page != "", "/")
    return frame(raw["user_pseudo_id"], event, pd.to_datetime(raw["event_timestamp"], unit="us"))


def read_calls(path) -> pd.DataFrame:
    raw = pd.read_csv(path, usecols=["Start Time", "Customer Phone Number", "Answered", "First-Time Caller"],
                      dtype={"Customer Phone Number": str})
    event = np.select([raw["Answered"] & raw["First-Time Caller"], raw["Answered"]],
                      ["First call answered", "Call answered"], "Call missed")
    phone = raw["Customer Phone Number"].str.replace(r"\D", "", regex=True).str[-10:]
    return frame(phone, event, pd.to_datetime(raw["Start Time"], format="%m/%d/%Y %H:%M"))


def read_emails(path) -> pd.DataFrame:
    raw = pd.read_csv(path, usecols=["Email Address", "Action", "Timestamp"], dtype=str)
    return frame(raw["Email Address"].str.strip().str.lower(), raw["Action"].map(EMAIL_ACTIONS),
                 pd.to_datetime(raw["Timestamp"], format="%Y-%m-%d %H:%M:%S UTC"))


def frame(user_id, event, timestamp) -> pd.DataFrame:
    return pd.DataFrame({"user_id": user_id, "event": pd.Series(event, dtype=str, index=user_id.index),
                         "timestamp": timestamp.astype("datetime64[us]")})


READERS = {"web": read_web, "calls": read_calls, "emails": read_emails}


PLAIN_LOG = "events.csv"  # the plain shape's one file (bench.plain), already user_id/event/timestamp


def read_events(folder) -> pd.DataFrame:
    """The generated exports in `folder` as one user_id/event/timestamp frame."""
    if (Path(folder) / PLAIN_LOG).is_file():
        raw = pd.read_csv(Path(folder) / PLAIN_LOG, dtype={"user_id": str, "event": str})
        return frame(raw["user_id"], raw["event"], pd.to_datetime(raw["timestamp"]))
    return pd.concat([read(Path(folder) / FILES[kind]) for kind, read in READERS.items()],
                     ignore_index=True)


def installed() -> bool:
    return importlib.util.find_spec(PEER) is not None


def measure(folder, steps: list[str]) -> dict:
    """Times each stage of the peer's file → Sankey and funnel (run in a fresh process)."""
    os.environ["RETENTIONEERING_NO_TRACK"] = "1"
    from retentioneering import Eventstream

    seconds = {}

    def timed(stage, fn):
        start = time.perf_counter()
        out = fn()
        seconds[stage] = time.perf_counter() - start
        return out

    events = timed("read_csv", lambda: read_events(folder))
    stream = timed("eventstream", lambda: Eventstream(events, schema=SCHEMA))
    timed("step_sankey", lambda: stream.step_sankey_data(max_steps=5))
    funnel = timed("funnel", lambda: stream.funnel_data(steps=steps)) if steps else {"steps": []}
    return {"seconds": seconds, "rows": len(events), "funnel": [s["unique_paths"] for s in funnel["steps"]],
            "peak_memory_mb": peak_memory_mb()}


def peak_memory_mb() -> int:
    """This process's peak memory. A spawned child's ru_maxrss starts at its parent's peak (Linux
    keeps it across fork and exec); VmHWM starts afresh with the new program."""
    status = Path("/proc/self/status")
    found = re.search(r"^VmHWM:\s+(\d+) kB", status.read_text(), re.M) if status.exists() else None
    return (int(found[1]) if found else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) // 1024


def compare(folder, steps: list[str], load_seconds: float, view_seconds: dict, progress=print) -> dict:
    """The peer's times on the same files, and how many times faster we are (peer ÷ ours)."""
    if not installed():
        return {"peer": NOT_INSTALLED}
    progress(f"Timing {PEER} on the same files …")
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        peer = pool.submit(measure, str(folder), steps).result()
    t = peer["seconds"]
    ours_to_sankey = load_seconds + view_seconds["sankey"]
    return {
        "peer": f"{PEER} {version(PEER)}", "peer_rows": peer["rows"],
        **{f"peer_{stage}_seconds": round(s, 3) for stage, s in t.items()},
        "peer_peak_memory_mb": peer["peak_memory_mb"], "peer_funnel_paths": peer["funnel"],
        "file_to_sankey_speedup": round((t["read_csv"] + t["eventstream"] + t["step_sankey"]) / ours_to_sankey, 2),
        "sankey_speedup": round(t["step_sankey"] / view_seconds["sankey"], 2),
        **({"funnel_speedup": round(t["funnel"] / view_seconds["funnel"], 2)} if "funnel" in view_seconds else {}),
    }
