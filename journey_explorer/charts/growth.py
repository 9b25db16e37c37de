"""Growth figures. Periods are drawn on a UTC time axis from their first day to the next
period's (a bar is as wide as its period), ticks on period starts only (a few days of data per
month never reads "Mar 2025" fifteen times); partial first/last periods are lighter bars or
hollow dots. Each chart gets only the columns it draws (per day, 1,000 periods × 9 groups)."""
from __future__ import annotations

import altair as alt
import pandas as pd

from ..views.growth import period_ends, period_labels
from .palette import KIND_LABELS, colours

PARTIAL_OPACITY = 0.35
PERIOD_FORMAT = {"day": "%d %b %Y", "week": "%d %b %Y", "month": "%b %Y", "quarter": "%Y-Q%q", "year": "%Y"}
MAX_TICKS = 12
# Vega in the app interprets its expressions (no eval): a screen-reader description per bar, cell
# or area point (a date and two numbers formatted) was most of a per-day redraw. The charts'
# captions say what they show; the axes and legends keep theirs.
QUICK = {"aria": False}


def with_group_labels(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Kinds as people say them when growth is grouped by kind."""
    return frame.assign(group=frame["group"].replace(KIND_LABELS)) if by == "kind" else frame


def _periods(frame: pd.DataFrame, period: str, *fields: str) -> pd.DataFrame:
    """The columns a chart draws, plus where each period ends, its label and whether it is partial."""
    order = {g: i for i, g in enumerate(dict.fromkeys(frame["group"]))}
    starts = pd.Series(pd.unique(pd.to_datetime(frame["period"])))
    ends = dict(zip(starts, period_ends(starts, period)))
    labels = dict(zip(starts, period_labels(starts, period)))
    when = pd.to_datetime(frame["period"])
    return pd.DataFrame({"period": when.to_numpy(), "end": when.map(ends).to_numpy(),
                         "label": when.map(labels).to_numpy(), "group": frame["group"].to_numpy(),
                         "partial": ~frame["complete"].astype(bool).to_numpy(),
                         "order": frame["group"].map(order).to_numpy(),
                         **{f: frame[f].to_numpy() for f in fields}})


def _x(data: pd.DataFrame, period: str, title=None):
    """Ticks on period starts (at most MAX_TICKS of them), labels starting at their period."""
    starts = pd.Series(pd.unique(data["period"])).sort_values()
    every = max(1, -(-len(starts) // MAX_TICKS))
    # DateTime objects: Streamlit's Vega draws no label for ticks given as epoch numbers.
    ticks = [alt.DateTime(year=t.year, month=t.month, date=t.day, utc=True) for t in starts.iloc[::every]]
    return alt.X("period:T", title=title, scale=alt.Scale(type="utc"),
                 axis=alt.Axis(format=PERIOD_FORMAT[period], values=ticks, labelOverlap=True, labelAlign="left",
                               labelBound=True))


def _colour(frame: pd.DataFrame, title: str) -> alt.Color:
    """The one palette (a channel or kind in its colour everywhere), Other grey. The legend sits
    below, so half-width charts keep their room for the periods."""
    groups = list(dict.fromkeys(frame["group"]))
    # The legend follows the scale's domain: a sort here would cost Vega a formula per row.
    return alt.Color("group:N", title=title, scale=alt.Scale(domain=groups, range=colours(groups)),
                     legend=alt.Legend(orient="bottom", columns=4, symbolLimit=0, labelLimit=140))


def _tooltip(*extra):
    return [alt.Tooltip("label:N", title="Period"), alt.Tooltip("group:N", title="Group"), *extra,
            alt.Tooltip("partial:N", title="Partial period")]


MANY = 120   # periods past which a stack is drawn as areas: 1,000 days × 9 groups of bars draw slowly


def _stack(data: pd.DataFrame, field: str, normalize: bool = False) -> pd.DataFrame:
    """data with low and high: where each group's band starts and ends in its period's stack,
    biggest group (order 0) at the bottom; 0-1 of the period when normalize. Worked out here, not
    by Vega: the app's Vega interprets expressions (no eval) and stacking 10,000 rows was slow."""
    ordered = data.sort_values(["period", "order"], kind="stable")
    values = ordered[field].astype("float64").fillna(0.0)
    high = values.groupby(ordered["period"].to_numpy(), sort=False).cumsum()
    low = high - values
    if normalize:
        total = values.groupby(ordered["period"].to_numpy(), sort=False).transform("sum")
        total = total.where(total > 0)
        low, high = (low / total).fillna(0.0), (high / total).fillna(0.0)
    return data.assign(low=low.reindex(data.index).to_numpy(), high=high.reindex(data.index).to_numpy())


def _stacked_bars(data: pd.DataFrame, period: str, field: str, title: str, legend: str, tooltip,
                  normalize: bool = False, chart_title: str = "") -> alt.Chart:
    """Bars from each period's first day to the next's, stacked biggest group first (areas, one
    per group, when there are more than MANY periods)."""
    y_axis = alt.Axis(format="%") if normalize else alt.Axis()
    many = data["period"].nunique() > MANY
    data = _stack(data, field, normalize)
    if many:   # only what an area draws: no ends, labels, partial flags or tooltips for 10,000 rows
        data = data[["period", "group", "low", "high"]]
    y = dict(y=alt.Y("low:Q", title=title, axis=y_axis), y2="high:Q", color=_colour(data, legend))
    chart = alt.Chart(data, title=chart_title)
    if many:
        return chart.mark_area(interpolate="step-after", opacity=1, invalid=None, **QUICK).encode(x=_x(data, period), **y)
    return (chart.mark_bar(stroke="white", strokeWidth=0.3, **QUICK)
            .encode(x=_x(data, period), x2="end:T", **y, tooltip=tooltip,
                    opacity=alt.condition("datum.partial", alt.value(PARTIAL_OPACITY), alt.value(1))))


def growth_chart(frame: pd.DataFrame, period: str, measure: str = "interactions", stacked: bool = True,
                 legend: str = "Channel") -> alt.Chart:
    """Interactions (or active customers) per period and group: stacked bars or one line each."""
    data = _periods(frame, period, measure)
    title = {"interactions": "Interactions", "customers": "Active customers"}[measure]
    tooltip = _tooltip(alt.Tooltip(f"{measure}:Q", title=title, format=","))
    if stacked:
        return _stacked_bars(data, period, measure, title, legend, tooltip, chart_title=f"{title} per {period}")
    return _lines(alt.Chart(data, title=f"{title} per {period}"), data, period, measure, title, legend, tooltip)


def _lines(base, data, period, field, title, legend, tooltip):
    y = alt.Y(f"{field}:Q", title=title)
    lines = base.mark_line(**QUICK).encode(x=_x(data, period), y=y, color=_colour(data, legend))
    if data["period"].nunique() > 60:  # daily and weekly dots would hide the lines: hover the line
        return lines.encode(tooltip=tooltip)
    dots = base.mark_point(size=30, **QUICK).encode(
        x=_x(data, period), y=y, color=_colour(data, legend), tooltip=tooltip,
        fill=alt.condition("datum.partial", alt.value("white"), _colour(data, legend)))
    return lines + dots


def share_chart(frame: pd.DataFrame, period: str, legend: str = "Channel") -> alt.Chart:
    """Each group's share of the period's interactions (bars fill to 100%)."""
    data = _periods(frame, period, "share")
    return _stacked_bars(data, period, "share", "Share of interactions", legend,
                         _tooltip(alt.Tooltip("share:Q", title="Share", format=".1%")), normalize=True,
                         chart_title=f"Share of interactions per {period}")


def index_chart(frame: pd.DataFrame, period: str, legend: str = "Channel") -> alt.Chart:
    """Interactions against each group's first complete period (= 100): who grew fastest."""
    data = _periods(frame, period, "index", "interactions")
    base = alt.Chart(data, title="Growth index (first complete period = 100)")
    lines = _lines(base, data, period, "index", "Index", legend,
                   _tooltip(alt.Tooltip("index:Q", title="Index", format=".0f"),
                            alt.Tooltip("interactions:Q", title="Interactions", format=",")))
    hundred = alt.Chart(pd.DataFrame({"index": [100]})).mark_rule(strokeDash=[4, 4], color="#666").encode(y="index:Q")
    return lines + hundred


def growth_heatmap(rates: pd.DataFrame, period: str, title: str) -> alt.Chart:
    """growth_rates() as cells: green for growth, red for decline, grey where there is nothing fair
    to compare with (no interactions before, or a partial period). The grey and the coloured
    cells are two layers of one dataset that split the cells (per day: 10,000 cells, not twice)."""
    data = _periods(rates.assign(complete=rates["like_for_like"]), period, "growth_pct")
    data["like_for_like"] = ~data["partial"]
    data["fair"] = data["like_for_like"] & data["growth_pct"].notna()   # one field test per cell in Vega
    groups = list(dict.fromkeys(data["group"]))
    fair = "datum.fair"
    cell = dict(stroke="white", strokeWidth=0 if data["period"].nunique() > 120 else 0.5)
    base = alt.Chart(data, title=title).encode(
        x=_x(data, period), x2="end:T", y=alt.Y("group:N", scale=alt.Scale(domain=groups), title=None),
        tooltip=[alt.Tooltip("label:N", title="Period"), alt.Tooltip("group:N", title="Group"),
                 alt.Tooltip("growth_pct:Q", title="Growth %", format="+.1f"),
                 alt.Tooltip("like_for_like:N", title="Both periods complete")])
    grey = base.transform_filter(f"!({fair})").mark_rect(color="#e4e4e4", **cell, **QUICK)
    coloured = base.transform_filter(fair).mark_rect(**cell, **QUICK).encode(
        color=alt.Color("growth_pct:Q", title="Growth %",
                        scale=alt.Scale(scheme="redyellowgreen", domain=[-50, 50], domainMid=0, clamp=True)))
    return (grey + coloured).properties(height=alt.Step(26))


def conversions_chart(frame: pd.DataFrame, period: str, legend: str = "Channel") -> alt.Chart:
    """Conversions per period, each group's part of them (bars fill to 100%)."""
    data = _periods(frame, period, "conversions")
    return _stacked_bars(data, period, "conversions", "Share of conversions", legend,
                         _tooltip(alt.Tooltip("conversions:Q", title="Conversions", format=",")),
                         normalize=True, chart_title=f"Where conversions come from, per {period}")

