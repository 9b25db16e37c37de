"""Figures of the Calls page: each takes a frame of views.calls and returns an Altair chart."""
from __future__ import annotations

import json

import altair as alt
import pandas as pd

from ..views.calls import WEEKDAYS

# Outcomes in the order a stack reads them, answered first; colours that say good / bad.
OUTCOMES = {"answered": ("Answered", "#54a24b"), "missed_only": ("Missed", "#e45756"),
            "voicemail": ("Voicemail", "#f58518"), "abandoned": ("Abandoned", "#b279a2")}
TOP_GROUPS = 15
COUNT_AXIS = alt.Axis(format=",d", tickMinStep=1)  # whole calls, never 0.5
BY_LABELS = {"campaign": "campaign", "source": "source", "keyword": "keyword",
             "landing_page": "landing page", "tracking_number": "tracking number",
             "hour": "hour of the day", "weekday": "weekday"}


def outcomes_chart(table: pd.DataFrame, by: str) -> alt.Chart:
    """Calls per group, stacked by outcome (voicemail and abandoned only where there are any).
    Hours and weekdays keep clock order; other groupings show the biggest TOP_GROUPS."""
    clock = by in ("hour", "weekday")
    shown = table if clock else table.loc[table.nlargest(TOP_GROUPS, "calls", keep="first").index.sort_values()]
    order = list(shown["group"])  # the table's order
    data = shown.assign(missed_only=shown["missed"] - shown.get("voicemail", 0) - shown.get("abandoned", 0))
    kept = [o for o in OUTCOMES if o in data and (o in ("answered", "missed_only") or data[o].sum() > 0)]
    long = data.melt(id_vars=["group", "calls", "answer_rate"], value_vars=kept, var_name="outcome", value_name="n")
    long["outcome"] = long["outcome"].map(lambda o: OUTCOMES[o][0])
    labels = [OUTCOMES[o][0] for o in kept]
    return (alt.Chart(long, title=f"Calls by {BY_LABELS[by]}")
            .mark_bar()
            .encode(x=alt.X("n:Q", stack=True, title="Calls", axis=COUNT_AXIS),
                    y=alt.Y("group:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
                    color=alt.Color("outcome:N", sort=labels, title="Outcome", legend=alt.Legend(orient="bottom"),
                                    scale=alt.Scale(domain=labels, range=[OUTCOMES[o][1] for o in kept])),
                    order=alt.Order("outcome_order:Q"),
                    tooltip=[alt.Tooltip("group:N", title=BY_LABELS[by].capitalize()), "outcome:N",
                             alt.Tooltip("n:Q", title="Calls", format=","),
                             alt.Tooltip("answer_rate:Q", title="Answer rate", format=".0%")])
            .transform_calculate(outcome_order=f"indexof({json.dumps(labels)}, datum.outcome)")
            .properties(height=alt.Step(22)))


def heatmap_chart(cells: pd.DataFrame, measure: str = "calls") -> alt.Chart:
    """Weekday × hour cells coloured by calls or by answer rate (cells without calls grey)."""
    title = {"calls": "Calls by weekday and hour", "answer_rate": "Answer rate by weekday and hour"}[measure]
    base = alt.Chart(cells, title=title).encode(
        x=alt.X("hour:O", title="Hour of the day"),
        y=alt.Y("weekday:O", sort=list(WEEKDAYS), title=None),
        tooltip=[alt.Tooltip("weekday:N"), alt.Tooltip("hour:O", title="Hour"), alt.Tooltip("calls:Q", format=","),
                 alt.Tooltip("answered:Q", format=","),
                 alt.Tooltip("answer_rate:Q", title="Answer rate", format=".0%")])
    grey = base.mark_rect(color="#eeeeee", stroke="white", strokeWidth=0.5)
    if measure == "calls":
        colour = alt.Color("calls:Q", title="Calls", scale=alt.Scale(scheme="blues"))
        cells_drawn = base.transform_filter("datum.calls > 0")
    else:
        colour = alt.Color("answer_rate:Q", title="Answer rate", legend=alt.Legend(format="%"),
                           scale=alt.Scale(scheme="redyellowgreen", domain=[0, 1]))
        cells_drawn = base.transform_filter("isValid(datum.answer_rate)")
    coloured = cells_drawn.mark_rect(stroke="white", strokeWidth=0.5).encode(color=colour)
    return (grey + coloured).properties(height=alt.Step(24))


def caller_types_chart(frame: pd.DataFrame) -> alt.Chart:
    """First-time and repeat calls, answered and missed."""
    long = frame.assign(missed=frame["calls"] - frame["answered"]).melt(
        id_vars=["caller", "answer_rate"], value_vars=["answered", "missed"], var_name="outcome", value_name="n")
    long["outcome"] = long["outcome"].map({"answered": "Answered", "missed": "Not answered"})
    return (alt.Chart(long, title="First-time and repeat calls")
            .mark_bar()
            .encode(x=alt.X("n:Q", stack=True, title="Calls", axis=COUNT_AXIS), y=alt.Y("caller:N", title=None),
                    color=alt.Color("outcome:N", title="Outcome", sort=["Answered", "Not answered"],
                                    scale=alt.Scale(domain=["Answered", "Not answered"], range=["#54a24b", "#e45756"]),
                                    legend=alt.Legend(orient="bottom")),
                    tooltip=["caller:N", "outcome:N", alt.Tooltip("n:Q", title="Calls", format=","),
                             alt.Tooltip("answer_rate:Q", title="Answer rate", format=".0%")])
            .properties(height=alt.Step(36)))


def _bars(frame: pd.DataFrame, category: str, value: str, title: str, axis_title: str,
          sort=None, percent: bool = False, height: int = 24) -> alt.Chart:
    fmt = ".0%" if percent else ","
    return (alt.Chart(frame, title=title)
            .mark_bar(color="#4c78a8")
            .encode(x=alt.X(f"{value}:Q", title=axis_title, axis=alt.Axis(format="%") if percent else COUNT_AXIS),
                    y=alt.Y(f"{category}:N", sort=sort if sort is not None else list(frame[category]), title=None,
                            axis=alt.Axis(labelLimit=420)),
                    tooltip=[alt.Tooltip(f"{category}:N"), alt.Tooltip(f"{value}:Q", title=axis_title, format=fmt)])
            .properties(height=alt.Step(height)))


def durations_chart(frame: pd.DataFrame) -> alt.Chart:
    return _bars(frame, "duration", "calls", "How long answered calls last", "Answered calls")


def journeys_chart(frame: pd.DataFrame) -> alt.Chart:
    return _bars(frame, "path", "calls", "Most common website journeys into a call", "Calls")


def last_touchpoint_chart(frame: pd.DataFrame) -> alt.Chart:
    return _bars(frame, "touchpoint", "calls", "The last thing callers did on the website", "Calls")


def time_before_chart(frame: pd.DataFrame) -> alt.Chart:
    return _bars(frame, "time_before", "calls", "How long before the call that was", "Calls")


def after_chart(frame: pd.DataFrame, days: int = 30) -> alt.Chart:
    return _bars(frame, "did", "share", f"What callers did in the {days} days after a call", "Share of calls",
                 percent=True)


def after_email_chart(frame: pd.DataFrame) -> alt.Chart:
    campaigns = frame[frame["campaign"] != "All email"].head(TOP_GROUPS)
    return _bars(campaigns, "campaign", "callers", "Callers within a week of an email, per campaign", "Callers")


def weekly_chart(frame: pd.DataFrame) -> alt.Chart:
    """Calls per week, stacked by channel (biggest channel at the bottom)."""
    order = list(frame.groupby("channel")["calls"].sum().sort_values(ascending=False, kind="stable").index)
    return (alt.Chart(frame, title="Calls per week by channel")
            .mark_bar()
            .encode(x=alt.X("week:T", title=None), y=alt.Y("calls:Q", stack=True, title="Calls", axis=COUNT_AXIS),
                    color=alt.Color("channel:N", sort=order, title="Channel", legend=alt.Legend(orient="bottom", columns=5)),
                    order=alt.Order("rank:Q"),
                    tooltip=[alt.Tooltip("week:T", title="Week of", format="%d %b %Y"), "channel:N",
                             alt.Tooltip("calls:Q", format=","), alt.Tooltip("answered:Q", format=",")])
            .transform_calculate(rank=f"indexof({json.dumps(order)}, datum.channel)"))
