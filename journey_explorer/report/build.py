"""build_report(): one self-contained HTML file a stakeholder can open offline, print or forward.

Its top says which customers it describes (the filters in force) and gives the headline
numbers; then one section per view (sections.SECTIONS), each with the key sentence its page
says, its charts as inline SVG and the numbers behind them.
"""
from __future__ import annotations

import datetime as dt
from html import escape

from ..filters import Filters
from ..views import segments
from . import render
from .more_sections import attribution_section, calls_section, next_step_section, obstacles_section
from .render import Section
from .sections import (Context, funnels_section, growth_section, journeys_section, nothing, overview_section,
                       segments_section)

TITLE = "Customer journeys"
# One function per view, in the report's order: each takes a Context and returns a Section.
SECTIONS = [overview_section, journeys_section, funnels_section, segments_section, growth_section,
            calls_section, attribution_section, next_step_section, obstacles_section]


def day(value) -> str:
    """1 Mar 2024: how people write a date."""
    return f"{value.day} {value:%b %Y}"


def describe_filters(filters: Filters, text=str) -> list[str]:
    """The filters in force in plain words, one line each; `text` masks uploaded values."""
    lines = []
    alternatives: dict[tuple[str, bool], list[str]] = {}
    for condition in filters.where:   # conditions on one field are alternatives, as in filters.expression
        if condition.op != "=":   # a comparison: attrs.transaction_value>100 (they all hold)
            lines.append(f"Touchpoints whose {_label(condition.field)} is {text(segments.compared(condition))}")
            continue
        alternatives.setdefault((condition.field, condition.negate), []).append(text(condition.value))
    for (name, negate), values in alternatives.items():
        label = _label(name)
        lines.append(f"Touchpoints whose {label} is {'not ' if negate else ''}{' or '.join(values)}")
    if filters.date_from and filters.date_to:
        lines.append(f"Touchpoints from {day(filters.date_from)} to {day(filters.date_to)}")
    elif filters.date_from or filters.date_to:
        lines.append(f"Touchpoints from {day(filters.date_from)} on" if filters.date_from
                     else f"Touchpoints up to {day(filters.date_to)}")
    if filters.segment is not None:
        lines.append("Only the whole journeys of customers who match: "
                     + "; ".join(text(segments.describe(c)) for c in filters.segment.where))
    return lines


def _label(field: str) -> str:
    return field.removeprefix("attrs.").removeprefix("customer.").replace("_", " ").lower()


def headline(totals: dict) -> list[tuple[str, str, str]]:
    """(label, value, key) of the numbers at the top, as the Overview page rounds them."""
    customers = totals["customers"]
    rate = totals["converted_customers"] / customers if customers else float("nan")
    return [("Customers", f"{customers:,}", "customers"),
            ("Touchpoints", f"{totals['touchpoints']:,}", "touchpoints"),
            ("Customers who converted", f"{totals['converted_customers']:,}", "conversions"),
            ("Conversion rate", render.cell(rate, "pct"), "conversion_rate"),
            ("Seen in 2+ kinds (web, calls, email)", render.cell(totals["multi_kind_share"], "pct"), "multi_kind_share")]


def _head(ctx: Context, title: str, made: dt.date) -> str:
    totals = ctx.overview().totals
    if totals["touchpoints"]:
        dates = f"{day(totals['first_ts'])} – {day(totals['last_ts'])}"
    else:
        dates = nothing(ctx, "touchpoints")
    lines = describe_filters(ctx.filters, ctx.text) or ["None: every customer and touchpoint in the workspace"]
    filters = "".join(f"<li>{escape(line)}</li>" for line in lines)
    metrics = "".join(render.metric_html(label, value, key) for label, value, key in headline(totals))
    return (f'<h1>{escape(title)}</h1><p class="dates">{escape(dates)}</p>'
            f'<p class="made">Made with Journey Explorer on {day(made)}.</p>'
            f'<div class="filters" data-filters="{len(lines) if ctx.filters != Filters() else 0}">'
            f"<h3>Filters in force</h3><ul>{filters}</ul></div>"
            f'<div class="metrics">{metrics}</div>')


def _section(function, ctx: Context) -> Section:
    try:
        return function(ctx)
    except ValueError as problem:   # e.g. a page setting this workspace cannot use: say so, go on
        name = function.__name__.removesuffix("_section")
        return Section(name, name.replace("_", " ").capitalize(), f"This part could not be made: {problem}")


def build_report(con, filters: Filters | None = None, settings: dict | None = None, show_pii: bool = False,
                 title: str = TITLE, made: dt.date | None = None) -> str:
    """The report as one HTML document (no script, no external link or image). `settings` holds
    each page's view settings, {"journeys": {...}, "funnels": {...}, ...} (sections.py);
    emails and phone numbers are masked unless show_pii."""
    ctx = Context(con, filters or Filters(), settings or {}, show_pii)
    sections = [_section(f, ctx) for f in SECTIONS] if ctx.overview().totals["touchpoints"] else []
    return render.page_html(ctx.text(title), _head(ctx, ctx.text(title), made or dt.date.today()), sections,
                            "Numbers as of the data in the workspace when this report was made. Customer ids are "
                            "pseudonymous" + ("." if show_pii else "; emails and phone numbers are masked."))
