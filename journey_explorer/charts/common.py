"""Figure functions: each takes a view's frame and returns a chart (no computing here)."""
from __future__ import annotations

import altair as alt
import pandas as pd

from ..views.growth import OTHER, period_ends, period_labels

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


def to_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    """An Altair chart as a PNG, rendered offline by vl-convert (no browser needed)."""
    import vl_convert as vlc  # loads a JavaScript engine: only when someone asks for a PNG

    return vlc.vegalite_to_png(chart.to_json(), scale=scale)


def to_html(chart) -> str:
    """A chart as one HTML file that opens without the internet (its scripts are inside)."""
    if isinstance(chart, alt.TopLevelMixin):
        import vl_convert as vlc

        return vlc.vegalite_to_html(chart.to_json(), bundle=True)
    return chart.to_html(include_plotlyjs=True, full_html=True)  # a Plotly figure


# ---------------------------------------------------------------- growth
# Periods are drawn on a time axis from their first day to the next period's (so a bar is as
# wide as its period); partial first/last periods are lighter bars or hollow dots.
PARTIAL_OPACITY = 0.35
OTHER_COLOUR = "#a0a0a0"
PALETTE = ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d"]
PERIOD_AXIS = {"day": dict(format="%d %b %Y"), "week": dict(format="%d %b %Y"),
               "month": dict(format="%b %Y"), "quarter": dict(format="%Y-Q%q",
                                                              tickCount={"interval": "month", "step": 3}),
               "year": dict(format="%Y", tickCount={"interval": "year", "step": 1})}


def with_group_labels(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Kinds as people say them when growth is grouped by kind."""
    return frame.assign(group=frame["group"].replace(KIND_LABELS)) if by == "kind" else frame


def _periods(frame: pd.DataFrame, period: str) -> pd.DataFrame:
    order = {g: i for i, g in enumerate(dict.fromkeys(frame["group"]))}
    return frame.assign(end=period_ends(frame["period"], period).to_numpy(),
                        label=period_labels(frame["period"], period).to_numpy(),
                        partial=~frame["complete"].astype(bool), order=frame["group"].map(order))


def _stacked_bars(data: pd.DataFrame, period: str, field: str, title: str, legend: str, tooltip,
                  normalize: bool = False, chart_title: str = "") -> alt.Chart:
    """Bars from each period's first day to the next's, stacked biggest group first. The stack
    is explicit: with x and x2 both set, Vega-Lite would not stack y on its own."""
    y_axis = alt.Axis(format="%") if normalize else alt.Axis()
    return (alt.Chart(data, title=chart_title)
            .transform_stack(stack=field, as_=["low", "high"], groupby=["period"],
                             sort=[alt.SortField("order")], offset="normalize" if normalize else "zero")
            .mark_bar(stroke="white", strokeWidth=0.3)
            .encode(x=_x(period), x2="end:T", y=alt.Y("low:Q", title=title, axis=y_axis), y2="high:Q",
                    color=_colour(data, legend),
                    opacity=alt.condition("datum.partial", alt.value(PARTIAL_OPACITY), alt.value(1)),
                    tooltip=tooltip))


def _x(period: str, title=None):
    # A label starts at its period's first day (left-aligned on the tick), not across a boundary.
    return alt.X("period:T", title=title, axis=alt.Axis(**PERIOD_AXIS[period], labelOverlap=True,
                                                         labelAlign="left", labelBound=True))


def _colour(frame: pd.DataFrame, title: str) -> alt.Color:
    """The same colour for a group on every chart: biggest first, Other grey. The legend sits
    below, so half-width charts keep their room for the periods."""
    groups = list(dict.fromkeys(frame["group"]))
    colours = [OTHER_COLOUR if g == OTHER else PALETTE[i % len(PALETTE)] for i, g in enumerate(groups)]
    return alt.Color("group:N", title=title, sort=groups, scale=alt.Scale(domain=groups, range=colours),
                     legend=alt.Legend(orient="bottom", columns=4, symbolLimit=0, labelLimit=110))


def _tooltip(*extra):
    return [alt.Tooltip("label:N", title="Period"), alt.Tooltip("group:N", title="Group"), *extra,
            alt.Tooltip("partial:N", title="Partial period")]


def growth_chart(frame: pd.DataFrame, period: str, measure: str = "interactions", stacked: bool = True,
                 legend: str = "Channel") -> alt.Chart:
    """Interactions (or active customers) per period and group: stacked bars or one line each."""
    data = _periods(frame, period)
    title = {"interactions": "Interactions", "customers": "Active customers"}[measure]
    tooltip = _tooltip(alt.Tooltip(f"{measure}:Q", title=title, format=","))
    if stacked:
        return _stacked_bars(data, period, measure, title, legend, tooltip, chart_title=f"{title} per {period}")
    return _lines(alt.Chart(data, title=f"{title} per {period}"), data, period, measure, title, legend, tooltip)


def _lines(base, data, period, field, title, legend, tooltip):
    y = alt.Y(f"{field}:Q", title=title)
    lines = base.mark_line().encode(x=_x(period), y=y, color=_colour(data, legend))
    size = 30 if data["period"].nunique() <= 60 else 6  # daily and weekly dots would hide the lines
    dots = base.mark_point(size=size).encode(
        x=_x(period), y=y, color=_colour(data, legend), tooltip=tooltip,
        fill=alt.condition("datum.partial", alt.value("white"), _colour(data, legend)))
    return lines + dots


def share_chart(frame: pd.DataFrame, period: str, legend: str = "Channel") -> alt.Chart:
    """Each group's share of the period's interactions (bars fill to 100%)."""
    data = _periods(frame, period)
    return _stacked_bars(data, period, "share", "Share of interactions", legend,
                         _tooltip(alt.Tooltip("share:Q", title="Share", format=".1%")), normalize=True,
                         chart_title=f"Share of interactions per {period}")


def index_chart(frame: pd.DataFrame, period: str, legend: str = "Channel") -> alt.Chart:
    """Interactions against each group's first complete period (= 100): who grew fastest."""
    data = _periods(frame, period)
    base = alt.Chart(data, title="Growth index (first complete period = 100)")
    lines = _lines(base, data, period, "index", "Index", legend,
                   _tooltip(alt.Tooltip("index:Q", title="Index", format=".0f"),
                            alt.Tooltip("interactions:Q", title="Interactions", format=",")))
    hundred = alt.Chart(pd.DataFrame({"index": [100]})).mark_rule(strokeDash=[4, 4], color="#666").encode(y="index:Q")
    return lines + hundred


def growth_heatmap(rates: pd.DataFrame, period: str, title: str) -> alt.Chart:
    """growth_rates() as cells: green for growth, red for decline. A grey layer lies under all
    cells; only like-for-like comparisons are coloured over it (a missing growth is grey)."""
    data = _periods(rates.assign(complete=rates["like_for_like"]), period)
    groups = list(dict.fromkeys(data["group"]))
    base = alt.Chart(data, title=title).encode(
        x=_x(period), x2="end:T", y=alt.Y("group:N", sort=groups, title=None),
        tooltip=[alt.Tooltip("label:N", title="Period"), alt.Tooltip("group:N", title="Group"),
                 alt.Tooltip("growth_pct:Q", title="Growth %", format="+.1f"),
                 alt.Tooltip("like_for_like:N", title="Both periods complete")])
    grey = base.mark_rect(stroke="white", strokeWidth=0.5, color="#e4e4e4")
    coloured = base.transform_filter("datum.like_for_like && isValid(datum.growth_pct)").mark_rect(
        stroke="white", strokeWidth=0.5).encode(
        color=alt.Color("growth_pct:Q", title="Growth %",
                        scale=alt.Scale(scheme="redyellowgreen", domain=[-50, 50], domainMid=0, clamp=True)))
    return (grey + coloured).properties(height=alt.Step(26))


def conversions_chart(frame: pd.DataFrame, period: str, legend: str = "Channel") -> alt.Chart:
    """Conversions per period, each group's part of them (bars fill to 100%)."""
    data = _periods(frame, period)
    return _stacked_bars(data, period, "conversions", "Share of conversions", legend,
                         _tooltip(alt.Tooltip("conversions:Q", title="Conversions", format=",")),
                         normalize=True, chart_title=f"Where conversions come from, per {period}")


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
