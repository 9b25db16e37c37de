"""Overview figures, the funnel's, and the chart files people download (PNG, offline HTML)."""
from __future__ import annotations

import altair as alt
import pandas as pd

from .palette import KIND_LABELS, colours


def with_kind_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Kinds as people say them (web → Web, call → Calls) for axes and legends."""
    return frame.assign(kind=frame["kind"].replace(KIND_LABELS)) if "kind" in frame else frame


def palette_scale(values) -> alt.Scale:
    """The one palette as an Altair scale: each kind or channel in its colour on every page."""
    values = list(dict.fromkeys(values))
    return alt.Scale(domain=values, range=colours(values))


def bar_chart(frame: pd.DataFrame, category: str, value: str, title: str) -> alt.Chart:
    frame = with_kind_labels(frame)
    return (alt.Chart(frame, title=title)
            .mark_bar()
            .encode(x=alt.X(f"{value}:Q", title=value.replace("_", " ").capitalize()),
                    y=alt.Y(f"{category}:N", sort="-x", title=None),
                    color=alt.Color(f"{category}:N", scale=palette_scale(frame[category]), legend=None),
                    tooltip=[alt.Tooltip(f"{category}:N", title=category.capitalize()),
                             alt.Tooltip(f"{value}:Q", format=",", title=value.replace("_", " ").capitalize())])
            # A fixed pixel height collapses inside st.altair_chart (1.67); a step per bar does not.
            .properties(height=alt.Step(28)))


def monthly_area_chart(frame: pd.DataFrame) -> alt.Chart:
    data = with_kind_labels(frame)
    return (alt.Chart(data, title="Touchpoints per month")
            .mark_area()
            .encode(x=alt.X("month:T", title=None),
                    y=alt.Y("touchpoints:Q", stack=True, title="Touchpoints"),
                    color=alt.Color("kind:N", title="Kind", scale=palette_scale(data["kind"])),
                    tooltip=[alt.Tooltip("month:T", format="%B %Y", title="Month"), alt.Tooltip("kind:N", title="Kind"),
                             alt.Tooltip("touchpoints:Q", format=",", title="Touchpoints")]))


def funnel_chart(frame: pd.DataFrame, names=str) -> alt.Chart:
    """Customers reaching each funnel step; `names` turns a step's raw name into its plain one."""
    data = frame.assign(label=[f"{i}. {names(n)}" for i, n in zip(frame["step"], frame["name"])])
    bars = (alt.Chart(data, title="Customers reaching each step")
            .mark_bar(color="#4e79a7")
            .encode(x=alt.X("customers:Q", title="Customers"),
                    y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=320)),
                    tooltip=[alt.Tooltip("label:N", title="Step"), alt.Tooltip("customers:Q", format=",", title="Customers"),
                             alt.Tooltip("conversion_from_start:Q", format=".0%", title="Of step 1"),
                             alt.Tooltip("conversion_from_previous:Q", format=".0%", title="Of the step before")]))
    text = bars.mark_text(align="left", dx=4, color="#1f2933").encode(
        text=alt.Text("conversion_from_start:Q", format=".0%"))
    return (bars + text).properties(height=alt.Step(40))


UNITS = (("minutes", 60), ("hours", 3600), ("days", 86400))


def duration_unit(seconds: pd.Series) -> tuple[str, int]:
    """The unit an axis of durations reads best in: the longest at most a few hundred of it."""
    longest = float(seconds.max()) if len(seconds) else 0.0
    return next(((u, s) for u, s in reversed(UNITS) if longest >= 2 * s), UNITS[0])


def time_to_convert_chart(frame: pd.DataFrame) -> alt.Chart:
    """Histogram of the time from the first to the last funnel step, in the unit that fits."""
    unit, seconds = duration_unit(frame["seconds"])
    data = frame.assign(amount=frame["seconds"] / seconds)
    return (alt.Chart(data, title="Time from the first to the last step")
            .mark_bar(color="#4e79a7")
            .encode(x=alt.X("amount:Q", bin=alt.Bin(maxbins=30), title=unit.capitalize()),
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
