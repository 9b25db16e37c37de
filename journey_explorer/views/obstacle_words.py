"""How obstacles are said: segments as the sidebar writes them and in words, dates, durations and
each finding's one plain sentence."""
from __future__ import annotations

import datetime as dt

import pandas as pd

EVERYONE = "all customers"
# dimension number (see queries/views/obstacles/customers.sql) → how its segments are written
SEGMENT_FIELDS = {1: "first.channel", 2: "first.attrs.device", 3: "first.attrs.platform", 4: "first.attrs.os",
                  5: "kind", 6: "kind"}


def segment_text(dimension: int, value: str) -> str:
    """A segment as the sidebar's "Customers who" box takes it: first.attrs.device=mobile."""
    return EVERYONE if dimension == 0 else f"{SEGMENT_FIELDS[dimension]}={value}"


def segment_words(dimension: int, value: str) -> str:
    if dimension == 0:
        return "customers"
    if dimension == 1:
        return f"customers who came from {value}"
    if dimension in (5, 6):
        return {"call": "customers who called", "email": "customers reached by email"}.get(
            value, f"customers with a {value} touchpoint")
    return f"customers on {value}"


def segment_title(segment: str) -> str:
    """A finding's segment column as a short title: "Everyone", "Customers on mobile"."""
    if segment == EVERYONE:
        return "Everyone"
    field, _, value = segment.partition("=")
    dimension = next((d for d, f in SEGMENT_FIELDS.items() if f == field), 5)
    return segment_words(dimension, value).capitalize()


def day(d: dt.date, year: bool = True) -> str:
    return f"{d.day} {d:%b}" + (f" {d.year}" if year else "")


def period_end(start: dt.date, period: str) -> dt.date:
    """The last day of the period starting on `start`."""
    if period == "week":
        return start + dt.timedelta(days=6)
    return (pd.Timestamp(start) + pd.offsets.MonthEnd(1)).date()


def when(start: dt.date, end: dt.date, period: str) -> str:
    if period == "month" and start.day == 1 and period_end(start, period) == end:
        return f"In {start:%B %Y}"
    return f"From {day(start, start.year != end.year)} to {day(end)}"


def duration(seconds) -> str:
    """A plain duration: 45 s, 3 min, 2 h, 4 days."""
    if seconds is None or pd.isna(seconds):
        return "a while"
    seconds = float(seconds)
    for unit, size in (("days", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size * (2 if unit == "days" else 1):
            amount = seconds / size
            return f"{amount:.0f} {unit}" if amount >= 10 or unit == "days" else f"{amount:.1f} {unit}".replace(".0 ", " ")
    return f"{seconds:.0f} s"


def summary(kind: str, step: str, dimension: int, value: str, rate: float, baseline: float, lost: int,
            detail, dates: tuple[dt.date, dt.date] | None, period: str) -> str:
    """One sentence: when, how many did what, against what is usual, and what it cost.
    detail: the way on (drop), the step loops go through (loop), the median time (stall).
    dates None: over all the data (errors, and loops of a segment against the others)."""
    who = segment_words(dimension, value)
    prefix = f"{when(*dates, period)}, " if dates else ""
    usual = "the rest of the time" if dates else ("after other steps" if kind == "error" else "of other customers")
    against = f"against {baseline:.0%} {usual}"
    if kind == "drop":
        onward = f"went on to {detail}" if isinstance(detail, str) else "went on to convert"
        text = f"{rate:.0%} of {who} at {step} {onward}, {against}: about {lost:,} customers lost"
    elif kind == "loop":
        via = f" (mostly through {detail})" if isinstance(detail, str) else ""
        text = (f"{rate:.0%} of {who} at {step} came round back to it within the visit{via}, {against}: "
                f"about {lost:,} more customers going round")
    elif kind == "stall":
        text = (f"{rate:.0%} of {who} at {step} took more than {duration(detail)} to their next step, {against}: "
                f"about {lost:,} more customers held up")
    else:
        text = (f"{rate:.0%} of the times {who} hit {step} their journey ended there, {against}: "
                f"about {lost:,} customers lost")
    text = prefix + text + "."
    return text[0].upper() + text[1:]
