"""Figures of the Next step page: each takes a frame of views.next_step and returns an Altair chart."""
from __future__ import annotations

import altair as alt
import pandas as pd

from ..views.next_step import LEFT, OTHER

# The palette's colours (charts/palette.py once it lands): "(left)" light grey, Other grey.
LEFT_COLOUR, OTHER_COLOUR, BLUE = "#cfcfcf", "#9a9a9a", "#4e79a7"


def next_step_chart(frame: pd.DataFrame, value: str = "probability", title: str = "What customers did next") -> alt.Chart:
    """One bar per next step, most likely first; "(left)" and Other in grey. value: probability
    (predict_next) or share (count_next_after)."""
    data = frame.assign(colour=frame["next"].map({LEFT: LEFT_COLOUR, OTHER: OTHER_COLOUR}).fillna(BLUE))
    share = "Share of customers" if value == "share" else "Share of the times"
    tooltip = [alt.Tooltip("next:N", title="Next step"), alt.Tooltip(f"{value}:Q", title=share, format=".1%")]
    if "customers" in data:
        tooltip.append(alt.Tooltip("customers:Q", title="Customers", format=","))
    return (alt.Chart(data, title=title)
            .mark_bar()
            .encode(x=alt.X(f"{value}:Q", title=share, axis=alt.Axis(format="%", tickCount=5)),
                    y=alt.Y("next:N", sort=list(data["next"]), title=None, axis=alt.Axis(labelLimit=320)),
                    color=alt.Color("colour:N", scale=None), tooltip=tooltip)
            .properties(height=alt.Step(26)))


def accuracy_chart(table: pd.DataFrame) -> alt.Chart:
    """How often each way of guessing was right (views.next_step.accuracy_table)."""
    return (alt.Chart(table, title="How often the guess was right")
            .mark_bar()
            .encode(x=alt.X("right:Q", title="Right", axis=alt.Axis(format="%", tickCount=5),
                            scale=alt.Scale(domain=[0, 1])),
                    y=alt.Y("guess:N", sort=list(dict.fromkeys(table["guess"])), title=None,
                            axis=alt.Axis(labelLimit=240)),
                    yOffset=alt.YOffset("within:N", sort=list(dict.fromkeys(table["within"]))),
                    color=alt.Color("within:N", title=None, sort=list(dict.fromkeys(table["within"])),
                                    legend=alt.Legend(orient="bottom", direction="vertical")),
                    tooltip=["guess", "within", alt.Tooltip("right:Q", title="Right", format=".0%")])
            .properties(height=alt.Step(16)))
