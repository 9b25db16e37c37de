"""Growth: how interactions, active customers and conversions per channel change over time."""
import streamlit as st

from journey_explorer import charts
from journey_explorer.ui import cache, downloads, grids, state
from journey_explorer.views.growth import (GROUPINGS, OTHER, PERIODS, TOP, default_periods, growth_multiple,
                                           growth_rates, period_label, period_labels)

ws = state.workspace()
key, filters = cache.version(ws), state.filters()
st.title("Growth")
SETTINGS = {"growth_by": "text", "growth_period": "text", "growth_measure": "text", "growth_stacked": "bool",
            "growth_compared_with": "text"}
state.linked_settings(SETTINGS)
state.keep_valid("growth_by", GROUPINGS)
state.keep_valid("growth_period", PERIODS)

c1, c2, c3 = st.columns([2, 2, 3])
by = c1.selectbox("Group by", GROUPINGS, key="growth_by", format_func=str.capitalize)
fits = cache.fitting_period(key, ws.con, filters)   # days for a few weeks of data, months for years
period = c2.selectbox("Per", PERIODS, index=PERIODS.index(fits), key="growth_period", format_func=str.capitalize,
                      help=f"It opens on {fits}s, which fit the dates in the data.")
measure = c3.segmented_control("Show", ["interactions", "customers"], default="interactions", key="growth_measure",
                               format_func={"interactions": "Interactions", "customers": "Active customers"}.get)
stacked = c3.toggle("Stacked", value=True, key="growth_stacked", help="Off: one line per group.")
frame = cache.growth(key, ws.con, filters, by, period)
if frame.empty:
    state.settings_to_url("growth_", SETTINGS)
    st.info("No touchpoints match the filters in the sidebar." if not filters.is_empty() else
            "No touchpoints yet. Go to **Data** and drop your web, call or email exports.")
    st.stop()
shown, legend = charts.with_group_labels(frame, by), by.capitalize()
periods = list(dict.fromkeys(frame["period"]))
labels = dict(zip(periods, period_labels(periods, period)))   # once: a day per option is 1,000 options


def label(day) -> str:
    return labels.get(day) or period_label(day, period)


partial = [label(p) for p in frame.loc[~frame["complete"], "period"].drop_duplicates()]
note = (f" Lighter bars and hollow dots: {' and '.join(partial)}, which the data covers only in part."
        if partial else "")
if OTHER in set(frame["group"]):
    note += f" The {TOP} biggest {by}s are shown; the rest are grouped as Other."
chart = charts.growth_chart(shown, period, measure or "interactions", stacked, legend)
st.altair_chart(chart, width="stretch")
st.caption(f"{'Interactions (touchpoints)' if measure != 'customers' else 'Customers with at least one interaction'}"
           f" per {period} and {by}." + note)
downloads.chart_downloads(chart, "growth", frame)

# The comparison charts step up to weeks (months…) when the periods are too many to read.
drawn = cache.chart_period(key, ws.con, filters, period)
side = shown if drawn == period else charts.with_group_labels(cache.growth(key, ws.con, filters, by, drawn), by)
coarser = f" Per {drawn}: {len(periods):,} {period}s are too many to read here." if drawn != period else ""
left, right = st.columns(2)
with left:
    chart = charts.share_chart(side, drawn, legend)
    st.altair_chart(chart, width="stretch")
    st.caption(f"Each {by}'s part of all interactions: a growing band is a {by} winning share." + coarser)
    downloads.chart_downloads(chart, "growth_share")
with right:
    chart = charts.index_chart(side, drawn, legend)
    st.altair_chart(chart, width="stretch")
    st.caption(f"Each {by}'s interactions against its first complete {drawn} (= 100): the steepest line grew "
               "fastest, whatever its size.")
    downloads.chart_downloads(chart, "growth_index")

compared_with = st.segmented_control("Growth compared with", ["previous", "year"], default="previous",
                                     key="growth_compared_with",
                                     format_func={"previous": f"The {drawn} before",
                                                  "year": "The same period a year earlier"}.get) or "previous"
rates = growth_rates(side, drawn, compared_with)
if rates["like_for_like"].any():
    chart = charts.growth_heatmap(rates, drawn, f"Growth % per {drawn}")
    st.altair_chart(chart, width="stretch")
    st.caption("Green grew, red shrank (±50% and beyond at full colour). Grey: no interactions to compare with, "
               "or a comparison with a partial period." + coarser)
    downloads.chart_downloads(chart, "growth_rates", rates)
else:
    st.info(f"No two whole {drawn}s to compare {'a year apart ' if compared_with == 'year' else ''}yet: "
            "pick a shorter period to see growth.")

st.subheader("Growth between two periods")
keys = f"growth_from_{period}", f"growth_to_{period}"  # each period keeps its own choice
SETTINGS |= {keys[0]: "date", keys[1]: "date"}
state.linked_settings({k: "date" for k in keys})
for name in keys:  # a choice made under other dates
    state.keep_valid(name, periods)
choice = default_periods(frame)  # the first and last whole periods
state.settings_to_url("growth_", SETTINGS)
if choice is None:
    st.info(f"All of the data is in one {period}. Pick a shorter period to compare two.")
    st.stop()
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
partly = list(dict.fromkeys(label(p) for p, whole in ((start, result.start_complete), (end, result.end_complete))
                            if not whole))
if partly:
    st.warning(f"{' and '.join(partly)} {'is' if len(partly) == 1 else 'are'} only partly in the data, so this "
               "comparison understates or overstates growth.")
grids.show(result.by_group, {"group": (legend, "text"), "start": (label(start), "count"), "end": (label(end), "count"),
                             "multiple": ("Growth multiple", "multiple")})

st.subheader("Where conversions come from")
chart = charts.conversions_chart(side, drawn, legend)
st.altair_chart(chart, width="stretch")
st.caption(f"Each {by}'s part of the conversions per {drawn}: the biggest band is the main conversion source.")
downloads.chart_downloads(chart, "growth_conversions")

if st.toggle("Show the numbers", key="growth_numbers"):   # thousands of rows per day: drawn only when asked
    table = shown.assign(label=shown["period"].map(labels))
    grids.show(table, {"label": ("Period", "text"), "group": (legend, "text"), "interactions": ("Interactions", "count"),
                       "customers": ("Active customers", "count"), "conversions": ("Conversions", "count"),
                       "share": ("Share of interactions", "percent"), "growth_pct": ("Change on the period before", "change"),
                       "yoy_pct": ("Change on a year earlier", "change"), "index": ("Index", "decimal"),
                       "complete": ("Whole period in the data", "yes_no")}, hidden=("period",))
