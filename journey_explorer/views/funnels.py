"""Funnels: customers who take chosen steps in order within a time window (ClickHouse's
windowFunnel semantics: any attempt counts), where they drop off and what they do instead.
"""
from __future__ import annotations

import re

import pandas as pd

from .. import db
from ..filters import Filters
from ..model import TECHNICAL_EVENTS
from .flows import FlowError, register_sequence

WINDOW = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)
UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_window(text) -> int:
    """'7d', '24h', '30m', '90s' or a number of seconds → seconds."""
    match = WINDOW.match(str(text))
    if not match:
        raise FlowError(f'The window "{text}" should look like 7d, 24h, 30m or 3600s.')
    return int(float(match[1]) * UNIT_SECONDS[match[2].lower()])


def parse_steps(text: str) -> list[str]:
    steps = [s.strip() for s in str(text).split(">") if s.strip()]
    if len(steps) < 2:
        raise FlowError('Give at least two funnel steps separated by ">", e.g. "page_view /pricing > purchase".')
    return steps


def funnel(con, steps: list[str], window_seconds: int = 7 * 86400, by: str = "touchpoint",
           filters: Filters | None = None) -> pd.DataFrame:
    """step, name, customers, conversion_from_start, conversion_from_previous,
    median_seconds_from_previous — customers reaching each step in order within the window."""
    _funnel_chains(con, steps, window_seconds, by, filters)
    return _funnel_frame(con, steps)


def _funnel_chains(con, steps: list[str], window_seconds: int, by: str, filters: Filters | None) -> None:
    """Temp tables funnel_chain / funnel_reach for these steps (see queries/views/funnels/)."""
    if len(steps) < 2:
        raise FlowError("A funnel needs at least two steps.")
    register_sequence(con, by, filters)
    db.run(con, "views/funnels/events", names=list(steps))
    db.run(con, "views/funnels/start", name=steps[0])
    db.run(con, "views/funnels/reach_init")
    for level, name in enumerate(steps[1:], start=2):
        db.run(con, "views/funnels/next", name=name, window_seconds=int(window_seconds))
        db.run(con, "views/funnels/reach_add", level=level)


def _funnel_frame(con, steps: list[str]) -> pd.DataFrame:
    reached = db.frame(con, "views/funnels/levels").set_index("step")
    frame = pd.DataFrame({"step": range(1, len(steps) + 1), "name": steps})
    frame["customers"] = frame["step"].map(reached["customers"]).fillna(0).astype("int64")
    first = frame["customers"].iloc[0]
    previous = frame["customers"].shift(1, fill_value=first)
    frame["conversion_from_start"] = frame["customers"] / first if first else float("nan")
    frame["conversion_from_previous"] = (frame["customers"] / previous.where(previous > 0)).astype("float64")
    frame["median_seconds_from_previous"] = frame["step"].map(reached["median_seconds_from_previous"]).astype("float64")
    return frame


def dropoffs_next(con, steps: list[str], step: int, window_seconds: int = 7 * 86400, by: str = "touchpoint",
                  filters: Filters | None = None, top: int = 10) -> pd.DataFrame:
    """next, customers, share: what customers who reached `step` (1-based) but not the next one
    did right after it."""
    if not 1 <= step < len(steps):
        raise FlowError(f"Pick a step from 1 to {len(steps) - 1}: the last step has no next one to miss.")
    _funnel_chains(con, steps, window_seconds, by, filters)
    return db.frame(con, "views/funnels/dropoff_next", level=int(step), top=int(top))


def time_to_convert(con, steps: list[str], window_seconds: int = 7 * 86400, by: str = "touchpoint",
                    filters: Filters | None = None) -> pd.DataFrame:
    """customer_id, seconds: time from the first to the last step of each customer who completed."""
    _funnel_chains(con, steps, window_seconds, by, filters)
    return db.frame(con, "views/funnels/time_to_convert", levels=len(steps))


def common_paths(con, by: str = "touchpoint", filters: Filters | None = None, length: int = 4,
                 top: int = 5) -> pd.DataFrame:
    """steps (a list of nodes), customers: the most common ways customers took to their first
    conversion (its last `length` steps, technical hits left out, repeats merged)."""
    register_sequence(con, by, filters, exclude=TECHNICAL_EVENTS if by == "touchpoint" else ())
    return db.frame(con, "views/funnels/common_path", length=int(length), top=int(top))


def default_steps(con, by: str = "touchpoint", filters: Filters | None = None) -> list[str]:
    """The funnel a page opens on: the most common path to a conversion ([] when none)."""
    paths = common_paths(con, by, filters, top=1)
    return list(paths["steps"].iloc[0]) if len(paths) else []
