"""The Growth page's sections below its main chart: the share and index charts, the growth %
heatmap (drawn when asked, or when its periods are few), the two-period comparison, where
conversions come from and the numbers. The charts come built from the cache (ui/cache.py)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from journey_explorer.views.growth import default_periods, growth_multiple

from . import cache, contact_details, downloads, grids, state

HEATMAP_AT_ONCE = 60   # periods past which the heatmap waits for its toggle (a cell per period and group)


def side_charts(ws, filters, by: str, drawn: str) -> dict:
    return cache.growth_side_charts(cache.version(ws), ws.con, filters, by, drawn, contact_details.shown())


def comparison_charts(built: dict, drawn: str, by: str, coarser: str) -> None:
    left, right = st.columns(2)
    with left:
        chart = built["share"]
        st.altair_chart(chart, width="stretch")
        st.caption(f"Each {by}'s part of all interactions: a growing band is a {by} winning share." + coarser)
        downloads.chart_downloads(chart, "growth_share")
    with right:
        chart = built["index"]
        st.altair_chart(chart, width="stretch")
        st.caption(f"Each {by}'s interactions against its first complete {drawn} (= 100): the steepest line grew "
                   "fastest, whatever its size.")
        downloads.chart_downloads(chart, "growth_index")


def heatmap(ws, filters, by: str, side: pd.DataFrame, drawn: str, coarser: str) -> None:
    """Growth % per period and group, against the period before or a year earlier."""
    compared_with = st.segmented_control("Growth compared with", ["previous", "year"], default="previous",
                                         key="growth_compared_with",
                                         format_func={"previous": f"The {drawn} before",
                                                      "year": "The same period a year earlier"}.get) or "previous"
    many = side["period"].nunique() > HEATMAP_AT_ONCE
    if many and not st.toggle(f"Show growth % per {drawn}", key="growth_heatmap",
                              help=f"A cell per {drawn} and group: drawn when asked, so the page stays quick."):
        return
    chart, rates = cache.growth_heatmap(cache.version(ws), ws.con, filters, by, drawn, compared_with,
                                        contact_details.shown())
    if chart is not None:
        st.altair_chart(chart, width="stretch")
        st.caption("Green grew, red shrank (±50% and beyond at full colour). Grey: no interactions to compare "
                   "with, or a comparison with a partial period." + coarser)
        downloads.chart_downloads(chart, "growth_rates", rates)
    else:
        st.info(f"No two whole {drawn}s to compare {'a year apart ' if compared_with == 'year' else ''}yet: "
                "pick a shorter period to see growth.")


def between_periods(frame: pd.DataFrame, shown: pd.DataFrame, period: str, periods: list, label, legend: str,
                    settings: dict) -> bool:
    """"Interactions grew 3.1× from … to …" for two periods the user picks (the first and last
    whole ones at first). False when the data is all in one period (nothing to pick)."""
    st.subheader("Growth between two periods")
    keys = f"growth_from_{period}", f"growth_to_{period}"  # each period keeps its own choice
    settings |= {keys[0]: "date", keys[1]: "date"}
    state.linked_settings({k: "date" for k in keys})
    for name in keys:  # a choice made under other dates
        state.keep_valid(name, periods)
    choice = default_periods(frame)
    state.settings_to_url("growth_", settings)
    if choice is None:
        st.info(f"All of the data is in one {period}. Pick a shorter period to compare two.")
        return False
    d1, d2 = st.columns(2)
    start = d1.selectbox("From", periods, index=periods.index(choice[0]), key=keys[0], format_func=label)
    end = d2.selectbox("To", periods, index=periods.index(choice[1]), key=keys[1], format_func=label)
    result = growth_multiple(shown, start, end)
    if start == end:
        st.info("Pick two different periods to compare.")
    elif result.multiple is None:
        st.info(f"There were no interactions in {label(start)} to compare with.")
    else:
        sentence = (f"Interactions grew **{result.multiple:.1f}×** from {label(start)} to {label(end)} "
                    f"({result.start_interactions:,} → {result.end_interactions:,})")
        if result.fastest:
            sentence += f"; **{result.fastest}** grew fastest ({result.fastest_multiple:.1f}×)"
        st.markdown(sentence + ".")
    partly = list(dict.fromkeys(label(p) for p, whole in ((start, result.start_complete),
                                                          (end, result.end_complete)) if not whole))
    if partly:
        st.warning(f"{' and '.join(partly)} {'is' if len(partly) == 1 else 'are'} only partly in the data, so this "
                   "comparison understates or overstates growth.")
    grids.show(result.by_group, {"group": (legend, "text"), "start": (label(start), "count"),
                                 "end": (label(end), "count"), "multiple": ("Growth multiple", "multiple")})
    return True


def conversions(built: dict, drawn: str, by: str) -> None:
    st.subheader("Where conversions come from")
    chart = built["conversions"]
    st.altair_chart(chart, width="stretch")
    st.caption(f"Each {by}'s part of the conversions per {drawn}: the biggest band is the main conversion source.")
    downloads.chart_downloads(chart, "growth_conversions")


def numbers(shown: pd.DataFrame, labels: dict, legend: str) -> None:
    if not st.toggle("Show the numbers", key="growth_numbers"):   # thousands of rows per day: only when asked
        return
    table = shown.assign(label=shown["period"].map(labels))
    grids.show(table, {"label": ("Period", "text"), "group": (legend, "text"), "interactions": ("Interactions", "count"),
                       "customers": ("Active customers", "count"), "conversions": ("Conversions", "count"),
                       "share": ("Share of interactions", "percent"),
                       "growth_pct": ("Change on the period before", "change"),
                       "yoy_pct": ("Change on a year earlier", "change"), "index": ("Index", "decimal"),
                       "complete": ("Whole period in the data", "yes_no")}, hidden=("period",))
