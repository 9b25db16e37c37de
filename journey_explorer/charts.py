"""Figure functions: each takes a view's frame and returns a chart (no computing here)."""
from __future__ import annotations

import altair as alt
import pandas as pd

KIND_LABELS = {"web": "Web", "call": "Calls", "email": "Email", "other": "Other"}


def bar_chart(frame: pd.DataFrame, category: str, value: str, title: str) -> alt.Chart:
    if category == "kind":
        frame = frame.assign(kind=frame["kind"].map(lambda k: KIND_LABELS.get(k, k)))
    return (alt.Chart(frame, title=title)
            .mark_bar()
            .encode(x=alt.X(f"{value}:Q", title=value.replace("_", " ").capitalize()),
                    y=alt.Y(f"{category}:N", sort="-x", title=None),
                    tooltip=[category, alt.Tooltip(f"{value}:Q", format=",")])
            # A fixed pixel height collapses inside st.altair_chart (1.67); a step per bar does not.
            .properties(height=alt.Step(28)))


def monthly_area_chart(frame: pd.DataFrame) -> alt.Chart:
    data = frame.assign(kind=frame["kind"].map(lambda k: KIND_LABELS.get(k, k)))
    return (alt.Chart(data, title="Touchpoints per month")
            .mark_area()
            .encode(x=alt.X("month:T", title=None),
                    y=alt.Y("touchpoints:Q", stack=True, title="Touchpoints"),
                    color=alt.Color("kind:N", title="Kind"),
                    tooltip=[alt.Tooltip("month:T", format="%B %Y"), "kind", alt.Tooltip("touchpoints:Q", format=",")])
            )
