"""Figure functions: each takes a view's frame and returns a chart (no computing here)."""
from __future__ import annotations

import altair as alt
import pandas as pd

KIND_LABELS = {"web": "Web", "call": "Calls", "email": "Email", "other": "Other"}
# Segments are told apart by colour: a palette of distinct hues, not shades of one.
SEGMENT_COLOURS = alt.Scale(scheme="tableau10")


def with_kind_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Kinds as people say them (web → Web, call → Calls) for axes and legends."""
    return frame.assign(kind=frame["kind"].replace(KIND_LABELS)) if "kind" in frame else frame


def bar_chart(frame: pd.DataFrame, category: str, value: str, title: str) -> alt.Chart:
    frame = with_kind_labels(frame)
    return (alt.Chart(frame, title=title)
            .mark_bar()
            .encode(x=alt.X(f"{value}:Q", title=value.replace("_", " ").capitalize()),
                    y=alt.Y(f"{category}:N", sort="-x", title=None),
                    tooltip=[category, alt.Tooltip(f"{value}:Q", format=",")])
            # A fixed pixel height collapses inside st.altair_chart (1.67); a step per bar does not.
            .properties(height=alt.Step(28)))


def monthly_area_chart(frame: pd.DataFrame) -> alt.Chart:
    return (alt.Chart(with_kind_labels(frame), title="Touchpoints per month")
            .mark_area()
            .encode(x=alt.X("month:T", title=None),
                    y=alt.Y("touchpoints:Q", stack=True, title="Touchpoints"),
                    color=alt.Color("kind:N", title="Kind"),
                    tooltip=[alt.Tooltip("month:T", format="%B %Y"), "kind",
                             alt.Tooltip("touchpoints:Q", format=",")]))


def sankey_figure(links: pd.DataFrame, starters: int):
    """Plotly Sankey of sankey_links(): one node per (step, name); hover shows customers and the
    share of the customers who started."""
    import plotly.graph_objects as go

    nodes = pd.concat([links[["step", "source"]].set_axis(["step", "name"], axis=1),
                       links[["step", "target"]].assign(step=links["step"] + 1).set_axis(["step", "name"], axis=1)])
    nodes = nodes.drop_duplicates().sort_values(["step", "name"]).reset_index(drop=True)
    index = {(s, n): i for i, (s, n) in enumerate(zip(nodes["step"], nodes["name"]))}
    inflow = links.groupby(["step", "target"])["customers"].sum()
    outflow = links.groupby(["step", "source"])["customers"].sum()
    size = [outflow.get((s, n), inflow.get((s - 1, n), 0)) for s, n in zip(nodes["step"], nodes["name"])]
    share = [f"{v / starters:.0%}" if starters else "" for v in size]
    colour = ["#bbbbbb" if n == "(left)" else "#8a8a8a" if n == "Other" else "#1f77b4" for n in nodes["name"]]
    figure = go.Figure(go.Sankey(
        arrangement="snap",
        node=dict(label=[f"{n}" for n in nodes["name"]], color=colour, pad=12, thickness=14,
                  customdata=list(zip(nodes["step"], size, share)),
                  hovertemplate="Step %{customdata[0]}: %{label}<br>%{customdata[1]:,} customers "
                                "(%{customdata[2]} of those who started)<extra></extra>"),
        link=dict(source=[index[(s, n)] for s, n in zip(links["step"], links["source"])],
                  target=[index[(s + 1, n)] for s, n in zip(links["step"], links["target"])],
                  value=links["customers"].tolist(),
                  customdata=[f"{v / starters:.0%}" if starters else "" for v in links["customers"]],
                  hovertemplate="%{source.label} → %{target.label}<br>%{value:,} customers "
                                "(%{customdata} of those who started)<extra></extra>"),
    ))
    figure.update_layout(margin=dict(l=10, r=10, t=10, b=10), height=520, font=dict(size=12))
    return figure


def funnel_chart(frame: pd.DataFrame) -> alt.Chart:
    data = frame.assign(label=[f"{i}. {n}" for i, n in zip(frame["step"], frame["name"])])
    bars = (alt.Chart(data, title="Customers reaching each step")
            .mark_bar()
            .encode(x=alt.X("customers:Q", title="Customers"),
                    y=alt.Y("label:N", sort=None, title=None),
                    tooltip=["name", alt.Tooltip("customers:Q", format=","),
                             alt.Tooltip("conversion_from_start:Q", format=".0%", title="of step 1"),
                             alt.Tooltip("conversion_from_previous:Q", format=".0%", title="of the step before")]))
    text = bars.mark_text(align="left", dx=4).encode(text=alt.Text("conversion_from_start:Q", format=".0%"))
    return (bars + text).properties(height=alt.Step(40))


def time_to_convert_chart(frame: pd.DataFrame) -> alt.Chart:
    """Histogram of hours from the first to the last funnel step."""
    data = frame.assign(hours=frame["seconds"] / 3600)
    return (alt.Chart(data, title="Time from the first to the last step")
            .mark_bar()
            .encode(x=alt.X("hours:Q", bin=alt.Bin(maxbins=30), title="Hours"),
                    y=alt.Y("count():Q", title="Customers"),
                    tooltip=[alt.Tooltip("count():Q", title="Customers")]))


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
                    tooltip=["segment", "name", alt.Tooltip("customers:Q", format=","),
                             alt.Tooltip("conversion_from_start:Q", format=".0%", title="of step 1")]))
    return bars.properties(height=alt.Step(16))


def diverging_steps_chart(frame: pd.DataFrame, segments: list[str]) -> alt.Chart:
    """One row per step: each segment's share of customers who had it, joined by a line."""
    base = alt.Chart(frame, title="Share of each segment's customers who had the step").encode(
        y=alt.Y("step:N", sort=list(dict.fromkeys(frame["step"])), title=None))
    spread = base.mark_rule(color="#bbbbbb", strokeWidth=3).encode(x="min(share):Q", x2="max(share):Q")
    dots = base.mark_circle(size=110, opacity=1).encode(
        x=alt.X("share:Q", title="Share of the segment's customers", axis=alt.Axis(format="%")),
        color=alt.Color("segment:N", sort=segments, title="Segment", scale=SEGMENT_COLOURS),
        tooltip=["step", "segment", alt.Tooltip("share:Q", format=".1%")])
    return (spread + dots).properties(height=alt.Step(26))
