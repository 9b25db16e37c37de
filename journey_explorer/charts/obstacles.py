"""Figures of the Obstacles page: a finding's rate per period (views.obstacles rates)."""
from __future__ import annotations

import altair as alt
import pandas as pd

RATE_LABELS = {"drop": "Went on", "loop": "Came back round", "stall": "Slower than usual", "error": "Ended there"}
BAD, USUAL = "#e15759", "#4e79a7"


def rate_chart(rates: pd.DataFrame, kind: str) -> alt.Chart:
    """The rate per period as a line, the finding's periods as red dots, what is usual dashed."""
    label = RATE_LABELS[kind]
    data = rates.assign(period_start=pd.to_datetime(rates["period_start"]))
    tooltip = [alt.Tooltip("period_start:T", title="Period from", format="%d %b %Y"),
               alt.Tooltip("rate:Q", title=label, format=".0%"),
               alt.Tooltip("customers:Q", title="Customers", format=",")]
    x = alt.X("period_start:T", title=None, axis=alt.Axis(format="%b %Y", labelOverlap=True))
    y = alt.Y("rate:Q", title=label, axis=alt.Axis(format="%"))
    line = alt.Chart(data).mark_line(color=USUAL, point=alt.OverlayMarkDef(color=USUAL, size=18)).encode(
        x=x, y=y, tooltip=tooltip)
    bad = alt.Chart(data).transform_filter("datum.in_finding").mark_point(color=BAD, filled=True, size=70).encode(
        x=x, y=y, tooltip=tooltip)
    usual = (alt.Chart(data.head(1))
             .mark_rule(strokeDash=[4, 3], color="#555555")
             .encode(y="baseline_rate:Q", tooltip=[alt.Tooltip("baseline_rate:Q", title="Usually", format=".0%")]))
    return (line + bad + usual).properties(height=150)
