"""Segments figures: segments are told apart by colour, a palette of distinct hues (not the
channel palette: a segment is not a channel)."""
from __future__ import annotations

import altair as alt
import pandas as pd

SEGMENT_COLOURS = alt.Scale(scheme="tableau10")


def segment_funnel_chart(frame: pd.DataFrame, segments: list[str]) -> alt.Chart:
    """Funnels of several segments on one axis: per step, one bar per segment (share of the
    segment's customers at step 1 who got there)."""
    data = frame.assign(label=[f"{i}. {n}" for i, n in zip(frame["step"], frame["name"])])
    bars = (alt.Chart(data, title="Customers reaching each step, per segment")
            .mark_bar()
            .encode(x=alt.X("conversion_from_start:Q", title="Of the segment's customers at step 1",
                            axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
                    y=alt.Y("label:N", sort=None, title=None),
                    yOffset=alt.YOffset("segment:N", sort=segments),
                    color=alt.Color("segment:N", sort=segments, title="Segment", scale=SEGMENT_COLOURS),
                    tooltip=[alt.Tooltip("segment:N", title="Segment"), alt.Tooltip("name:N", title="Stage"),
                             alt.Tooltip("customers:Q", format=",", title="Customers"),
                             alt.Tooltip("conversion_from_start:Q", format=".0%", title="Of step 1")]))
    return bars.properties(height=alt.Step(16))


def diverging_steps_chart(frame: pd.DataFrame, segments: list[str], names=str) -> alt.Chart:
    """One row per step: each segment's share of customers who had it, joined by a line.
    `names` turns a step's raw name into its plain one."""
    data = frame.assign(step=[names(s) for s in frame["step"]])
    base = alt.Chart(data, title="Share of each segment's customers who had the step").encode(
        y=alt.Y("step:N", sort=list(dict.fromkeys(data["step"])), title=None, axis=alt.Axis(labelLimit=260)))
    spread = base.mark_rule(color="#bbbbbb", strokeWidth=3).encode(x="min(share):Q", x2="max(share):Q")
    dots = base.mark_circle(size=110, opacity=1).encode(
        x=alt.X("share:Q", title="Share of the segment's customers", axis=alt.Axis(format="%")),
        color=alt.Color("segment:N", sort=segments, title="Segment", scale=SEGMENT_COLOURS),
        tooltip=[alt.Tooltip("step:N", title="Step"), alt.Tooltip("segment:N", title="Segment"),
                 alt.Tooltip("share:Q", format=".1%", title="Share")])
    return (spread + dots).properties(height=alt.Step(26))
