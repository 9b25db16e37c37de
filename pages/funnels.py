"""Funnels: how many customers go through chosen steps in order, and where they drop off."""
import streamlit as st

from journey_explorer import charts
from journey_explorer.ui import cache, downloads, state
from journey_explorer.views.flows import DIMENSIONS

WINDOWS = {"1 hour": 3600, "1 day": 86400, "7 days": 7 * 86400, "30 days": 30 * 86400, "90 days": 90 * 86400}

ws = state.workspace()
key, filters = cache.version(ws), state.filters()
st.title("Funnels")

c1, c2 = st.columns([1, 3])
by = c1.selectbox("Steps are", DIMENSIONS, key="funnel_by", format_func=str.capitalize)
window = c1.selectbox("Within", list(WINDOWS), index=2, key="funnel_window",
                      help="Time allowed from a customer's first step to the last.")
names = cache.node_counts(key, ws.con, filters, by)["node"].tolist()
steps = c2.multiselect("Steps, in order", names, key="funnel_steps", max_selections=8,
                       placeholder="Pick two or more steps (most common first)")
if len(steps) < 2:
    st.info("Pick at least two steps, in the order customers should take them.")
    st.stop()

result = cache.funnel(key, ws.con, filters, tuple(steps), WINDOWS[window], by)
chart = charts.funnel_chart(result)
st.altair_chart(chart, width="stretch")
first, last = result["customers"].iloc[0], result["customers"].iloc[-1]
st.caption(f"Of {first:,} customers who reached “{steps[0]}”, {last:,} went on to “{steps[-1]}” "
           f"within {window}, in this order.")
st.dataframe(result, hide_index=True, width="stretch", column_config={
    "conversion_from_start": st.column_config.NumberColumn("From step 1", format="percent"),
    "conversion_from_previous": st.column_config.NumberColumn("From the step before", format="percent"),
    "median_seconds_from_previous": st.column_config.NumberColumn("Median seconds from the step before",
                                                                  format="%.0f")})
downloads.chart_downloads(chart, "funnel", result)

durations = cache.time_to_convert(key, ws.con, filters, tuple(steps), WINDOWS[window], by)
if len(durations):
    duration_chart = charts.time_to_convert_chart(durations)
    st.altair_chart(duration_chart, width="stretch", height=260)
    st.caption(f"How long the {len(durations):,} customers who went all the way took, from the first step "
               f"to the last (median {durations['seconds'].median() / 3600:.1f} hours).")
    downloads.chart_downloads(duration_chart, "time_to_convert", durations)

st.subheader("What did the drop-offs do next?")
after = st.selectbox("Customers who reached", list(range(1, len(steps))), key="funnel_dropoff_step",
                     format_func=lambda k: f"{k}. {steps[k - 1]} but not “{steps[k]}”")
nexts = cache.dropoffs_next(key, ws.con, filters, tuple(steps), after, WINDOWS[window], by)
st.dataframe(nexts, hide_index=True, width="stretch",
             column_config={"share": st.column_config.NumberColumn("Share", format="percent")})
st.caption("Their very next step after it; “(left)” means nothing followed.")
