"""Growth: how interactions, active customers and conversions per channel change over time."""
import streamlit as st

from journey_explorer import charts
from journey_explorer.ui import cache, contact_details, downloads, growth_widgets, state
from journey_explorer.views.growth import GROUPINGS, OTHER, PERIODS, TOP, period_label, period_labels

ws = state.workspace()
key, filters = cache.version(ws), state.filters()
st.title("Growth")
SETTINGS = {"growth_by": "text", "growth_period": "text", "growth_measure": "text", "growth_stacked": "bool",
            "growth_compared_with": "text", "growth_heatmap": "bool"}
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
chart = cache.growth_chart(key, ws.con, filters, by, period, measure or "interactions", stacked, contact_details.shown())
st.altair_chart(chart, width="stretch")
st.caption(f"{'Interactions (touchpoints)' if measure != 'customers' else 'Customers with at least one interaction'}"
           f" per {period} and {by}." + note)
downloads.chart_downloads(chart, "growth", frame)

# The comparison charts step up to weeks (months…) when the periods are too many to read.
drawn = cache.chart_period(key, ws.con, filters, period)
side = shown if drawn == period else charts.with_group_labels(cache.growth(key, ws.con, filters, by, drawn), by)
coarser = f" Per {drawn}: {len(periods):,} {period}s are too many to read here." if drawn != period else ""
built = growth_widgets.side_charts(ws, filters, by, drawn)
growth_widgets.comparison_charts(built, drawn, by, coarser)
growth_widgets.heatmap(ws, filters, by, side, drawn, coarser)
if not growth_widgets.between_periods(frame, shown, period, periods, label, legend, SETTINGS):
    st.stop()
growth_widgets.conversions(built, drawn, by)
growth_widgets.numbers(shown, labels, legend)
