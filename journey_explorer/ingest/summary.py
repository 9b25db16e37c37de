"""Telling a summary report (dimensions and metric totals) from a file of visits or events.

A GA4 Explore or Universal Analytics download, an ads platform's campaign report: one row per
source, day or page with counts beside it, no one to follow and no moment to place. Loading it
would make "customers" of its dimension values, so the Data page says what it is and what to
export instead.
"""
from __future__ import annotations

import re

from ..model import IDENTIFIER_FIELDS
from .layouts import VALUE_SHAPES, guess_mapping, is_metadata, normal_name, present

_SHAPES = dict(VALUE_SHAPES)
# Names analytics and ads reports give their totals.
METRIC = re.compile(r"(^|_)(sessions?|users?|visitors?|visits|views|pageviews|events|clicks|impressions|"
                    r"conversions|key_events|revenue|transactions|purchases|engaged|engagement|bounces?|rate|"
                    r"cost|spend|count|total|totals|ctr|cpc|cpm|roas|orders)($|_)")
DATE_NAMES = re.compile(r"(^|_)(date|day|week|month|year|hour|minute|period)($|_)")
# A time of day or an epoch number: a per-event timestamp, which a summary does not have.
CLOCK = re.compile(r"\d:\d{2}|^\s*1\d{9}(\d{3}|\d{6})?\s*$")
INSTEAD = "export the events instead (for GA4: the BigQuery export)"


def dimensions(columns, sample: dict[str, list]) -> list[str]:
    """The columns a summary report's totals are per (its dimensions), or [] when the file is
    not one: it has an identifier, a timestamp with a time of day, or no metric totals."""
    columns = [c for c in columns if not is_metadata(c)]
    guessed = guess_mapping(columns)
    if any(guessed.get(f) for f in IDENTIFIER_FIELDS):
        return []
    metrics, dims = [], []
    for column in columns:
        values = [str(v) for v in sample.get(column, []) if present(v)]
        if not values:
            continue
        if any(_SHAPES["email"].match(v) for v in values) or any(CLOCK.search(v) for v in values):
            return []   # someone to follow, or a moment to place: not totals
        numbers = sum(bool(_SHAPES["value"].match(v)) for v in values) >= 0.9 * len(values)
        if numbers and METRIC.search(normal_name(column)) and not DATE_NAMES.search(normal_name(column)):
            metrics.append(column)
        else:
            dims.append(column)
    return dims if metrics and dims else []


def sentence(columns, sample: dict[str, list]) -> str:
    """What to tell the user about a summary report; '' for any other file."""
    dims = dimensions(columns, sample)
    if not dims:
        return ""
    per = ", ".join(dims[:-1]) + f" and {dims[-1]}" if len(dims) > 1 else dims[0]
    return (f"This looks like a summary report (totals per {per}), not one row per visit or event: "
            f"{INSTEAD}.")
