"""Growth: how interactions, active customers and conversions per channel change over time."""
import streamlit as st

from journey_explorer import charts
from journey_explorer.ui import cache, downloads, state
from journey_explorer.views.growth import (GROUPINGS, OTHER, PERIODS, TOP, default_periods, growth_multiple,
                                           growth_rates, period_label)

ws = state.workspace()
key, filters = cache.version(ws), state.filters()
st.title("Growth")

c1, c2, c3 = st.columns([2, 2, 3])
by = c1.selectbox("Group by", GROUPINGS, key="growth_by", format_func=str.capitalize)
period = c2.selectbox("Per", PERIODS, index=PERIODS.index("month"), key="growth_period", format_func=str.capitalize)
frame = cache.growth(key, ws.con, filters, by, period)
if frame.empty:
    st.info("No touchpoints match the filters in the sidebar." if not filters.is_empty() else
            "No touchpoints yet. Go to **Data** and drop your web, call or email exports.")
    st.stop()
shown, legend = charts.with_group_labels(frame, by), by.capitalize()


def label(day) -> str:
    return period_label(day, period)


partial = [label(p) for p in frame.loc[~frame["complete"], "period"].drop_duplicates()]
note = (f" Lighter bars and hollow dots: {' and '.join(partial)}, which the data covers only in part."
        if partial else "")
if OTHER in set(frame["group"]):
    note += f" The {TOP} biggest {by}s are shown; the rest are grouped as Other."

measure = c3.segmented_control("Show", ["interactions", "customers"], default="interactions", key="growth_measure",
                               format_func={"interactions": "Interactions", "customers": "Active customers"}.get)
stacked = c3.toggle("Stacked", value=True, key="growth_stacked", help="Off: one line per group.")
chart = charts.growth_chart(shown, period, measure or "interactions", stacked, legend)
st.altair_chart(chart, width="stretch")
st.caption(f"{'Interactions (touchpoints)' if measure != 'customers' else 'Customers with at least one interaction'}"
           f" per {period} and {by}." + note)
downloads.chart_downloads(chart, "growth", frame)

left, right = st.columns(2)
with left:
    chart = charts.share_chart(shown, period, legend)
    st.altair_chart(chart, width="stretch")
    st.caption(f"Each {by}'s part of all interactions: a growing band is a {by} winning share.")
    downloads.chart_downloads(chart, "growth_share")
with right:
    chart = charts.index_chart(shown, period, legend)
    st.altair_chart(chart, width="stretch")
    st.caption(f"Each {by}'s interactions against its first complete {period} (= 100): the steepest line grew "
               "fastest, whatever its size.")
    downloads.chart_downloads(chart, "growth_index")

compared_with = st.segmented_control("Growth compared with", ["previous", "year"], default="previous",
                                     key="growth_compared_with",
                                     format_func={"previous": f"The {period} before",
                                                  "year": "The same period a year earlier"}.get) or "previous"
rates = growth_rates(shown, period, compared_with)
chart = charts.growth_heatmap(rates, period, f"Growth % per {period}")
st.altair_chart(chart, width="stretch")
st.caption("Green grew, red shrank (±50% and beyond at full colour). Grey: no interactions to compare with, "
           "or a comparison with a partial period.")
downloads.chart_downloads(chart, "growth_rates", rates)

st.subheader("Growth between two periods")
periods = list(dict.fromkeys(frame["period"]))
start_default, end_default = default_periods(frame) or (periods[0], periods[-1])
keys = f"growth_from_{period}", f"growth_to_{period}"  # each period keeps its own choice
for name in keys:  # a choice made under other dates
    if st.session_state.get(name) not in periods:
        st.session_state.pop(name, None)
d1, d2 = st.columns(2)
start = d1.selectbox("From", periods, index=periods.index(start_default), key=keys[0], format_func=label)
end = d2.selectbox("To", periods, index=periods.index(end_default), key=keys[1], format_func=label)
result = growth_multiple(shown, start, end)
if result.multiple is None:
    st.info(f"There were no interactions in {label(start)} to compare with.")
else:
    sentence = (f"Interactions grew **{result.multiple:.1f}×** from {label(start)} to {label(end)} "
                f"({result.start_interactions:,} → {result.end_interactions:,})")
    if result.fastest:
        sentence += f"; **{result.fastest}** grew fastest ({result.fastest_multiple:.1f}×)"
    st.markdown(sentence + ".")
for chosen, complete in ((start, result.start_complete), (end, result.end_complete)):
    if not complete:
        st.warning(f"{label(chosen)} is only partly in the data, so this comparison understates or overstates growth.")
st.dataframe(result.by_group, hide_index=True, width="stretch", column_config={
    "start": st.column_config.NumberColumn(label(start), format="localized"),
    "end": st.column_config.NumberColumn(label(end), format="localized"),
    "multiple": st.column_config.NumberColumn("Growth multiple", format="%.2f×")})

st.subheader("Where conversions come from")
chart = charts.conversions_chart(shown, period, legend)
st.altair_chart(chart, width="stretch")
st.caption(f"Each {by}'s part of the conversions per {period}: the biggest band is the main conversion source.")
downloads.chart_downloads(chart, "growth_conversions")

with st.expander("The numbers"):
    st.dataframe(frame, hide_index=True, width="stretch", column_config={
        "share": st.column_config.NumberColumn("share", format="percent"),
        "growth_pct": st.column_config.NumberColumn("growth_pct", format="%+.1f%%"),
        "yoy_pct": st.column_config.NumberColumn("yoy_pct", format="%+.1f%%"),
        "index": st.column_config.NumberColumn("index", format="%.0f")})
