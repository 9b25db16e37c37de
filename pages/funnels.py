"""Funnels: how many customers go through chosen steps in order, and where they drop off."""
import streamlit as st

from journey_explorer import charts, formats, names
from journey_explorer.ui import cache, downloads, grids, state
from journey_explorer.views.flows import DIMENSIONS

WINDOWS = {"1 hour": 3600, "1 day": 86400, "7 days": 7 * 86400, "30 days": 30 * 86400, "90 days": 90 * 86400}

ws = state.workspace()
key, filters = cache.version(ws), state.filters()
name = cache.namer(key, ws.con)
st.title("Funnels")
SETTINGS = {"funnel_by": "text", "funnel_window": "text", "funnel_dropoff_step": "int"}
state.linked_settings(SETTINGS)
state.keep_valid("funnel_by", DIMENSIONS)
state.keep_valid("funnel_window", WINDOWS)

c1, c2 = st.columns([1, 3])
by = c1.selectbox("Steps are", DIMENSIONS, key="funnel_by", format_func=str.capitalize)
window = c1.selectbox("Within", list(WINDOWS), index=2, key="funnel_window",
                      help="Time allowed from a customer's first step to the last.")
options = cache.node_counts(key, ws.con, filters, by)["node"].tolist()
chosen = f"funnel_steps_{by}"  # each way of naming steps keeps its own funnel
SETTINGS[chosen] = "list"
state.linked_settings({chosen: "list"})
state.keep_valid(chosen, options)
if chosen not in st.session_state:  # opens on the most common path to a conversion
    st.session_state[chosen] = cache.default_funnel(key, ws.con, filters, by)
steps = c2.multiselect("Steps, in order", options, key=chosen, max_selections=8,
                       format_func=names.telling_apart(name, options),
                       placeholder="Pick two or more steps (most common first)",
                       help="It opens on the most common way customers took to a conversion.")
state.keep_within("funnel_dropoff_step", 1, max(len(steps) - 1, 1))
state.settings_to_url("funnel_", SETTINGS)
if len(steps) < 2:
    st.info("Pick at least two steps, in the order customers should take them.")
    st.stop()

result = cache.funnel(key, ws.con, filters, tuple(steps), WINDOWS[window], by)
result = result.assign(step_name=[name(n) for n in result["name"]])
chart = charts.funnel_chart(result, names=name)
st.altair_chart(chart, width="stretch")
first, last = result["customers"].iloc[0], result["customers"].iloc[-1]
st.caption(f"Of {first:,} customers who reached “{name(steps[0])}”, {last:,} went on to “{name(steps[-1])}” "
           f"within {window}, in this order.")
grids.show(result, {"step": ("Step", "count"), "step_name": ("Name", "text"), "customers": ("Customers", "count"),
                    "conversion_from_start": ("Of step 1", "percent"),
                    "conversion_from_previous": ("Of the step before", "percent"),
                    "median_seconds_from_previous": ("Median time from the step before", "duration")},
           hidden=("name",))
downloads.chart_downloads(chart, "funnel", result)

durations = cache.time_to_convert(key, ws.con, filters, tuple(steps), WINDOWS[window], by)
if len(durations):
    duration_chart = charts.time_to_convert_chart(durations)
    st.altair_chart(duration_chart, width="stretch", height=260)
    st.caption(f"How long the {len(durations):,} customers who went all the way took, from the first step "
               f"to the last (median {formats.duration(durations['seconds'].median())}).")
    downloads.chart_downloads(duration_chart, "time_to_convert", durations)

st.subheader("What did the drop-offs do next?")
after = st.selectbox("Customers who reached", list(range(1, len(steps))), key="funnel_dropoff_step",
                     format_func=lambda k: f"{k}. {name(steps[k - 1])} but not “{name(steps[k])}”")
nexts = cache.dropoffs_next(key, ws.con, filters, tuple(steps), after, WINDOWS[window], by)
nexts = names.beside(nexts, "next", name, "next_name")
grids.show(nexts, {"next_name": ("Their next step", "text"), "customers": ("Customers", "count"),
                   "share": ("Share", "percent")}, hidden=("next",))
st.caption("Their very next step after it; “(left)” means nothing followed.")
