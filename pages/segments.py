"""Segments: groups of customers side by side — their numbers, journeys and where they differ."""
import math

import pandas as pd
import streamlit as st

from journey_explorer import charts, formats, names
from journey_explorer.model import STAGES
from journey_explorer.ui import cache, downloads, grids, segment_picker, state
from journey_explorer.ui.csv_download import csv_button
from journey_explorer.views import segments
from journey_explorer.views.flows import DIMENSIONS, TECHNICAL_EVENTS

FUNNEL_WINDOW = 90 * 86400
SETTINGS = {"segments_paths_by": "text", "segments_diverge_by": "text"}


def p_text(p: float) -> str:
    shown = formats.p_value(p)
    return f"p {shown}" if shown.startswith("<") else f"p = {shown}"


ws = state.workspace()
key, filters = cache.version(ws), state.filters()
name, currency = cache.namer(key, ws.con), cache.currency(key, ws.con)
st.title("Segments")
state.linked_settings(SETTINGS)
for setting in SETTINGS:
    state.keep_valid(setting, DIMENSIONS)
chosen = segment_picker.render(ws, key, filters)
segment_names = [s.name for s in chosen]
result = cache.compare_segments(key, ws.con, filters, tuple(chosen))
if not result["customers"].any():
    st.info("No customers are in these segments. Change their conditions, or the filters in the sidebar.")
    st.stop()

first = result.iloc[0]
# An empty first segment has no rate to measure the others against: say so, not "+nan points".
nobody_first = not first.customers
for column, row in zip(st.columns(len(result)), result.itertuples()):
    with column.container(border=True):
        st.markdown(f"**{row.segment}**")
        delta = None if row.Index == 0 or nobody_first or math.isnan(row.conversion_rate) else \
            f"{(row.conversion_rate - first.conversion_rate) * 100:+.1f} points"
        with st.container(horizontal=True):   # as many per row as fit: 2 segments or 4, nothing cut off
            st.metric("Customers", f"{row.customers:,}", width="content")
            st.metric("Conversion rate", "–" if math.isnan(row.conversion_rate) else f"{row.conversion_rate:.1%}",
                      delta, width="content")
            st.metric("Touchpoints per customer", "–" if not row.customers else f"{row.touchpoints_per_customer:.1f}",
                      width="content")
            st.metric("Median time to convert", formats.days(row.median_days_to_convert), width="content",
                      help="From a customer's first touchpoint to their first conversion, among those who converted.")
            st.metric(f"Value per customer ({formats.symbol(currency)})",
                      formats.money(row.value_per_customer, currency) if row.customers else "–",
                      width="content", help="The value of their conversions (e.g. purchases), per customer.")
        if row.Index and nobody_first:
            st.caption(f"No customers are in {first.segment}, so there is nothing to compare this segment with.")
        elif row.Index:
            verdict = segments.verdict(row.p_value, (first.conversions, first.customers),
                                       (row.conversions, row.customers))
            st.caption(f"Against {first.segment}: **{verdict}**"
                       + ("" if math.isnan(row.p_value) else f" ({p_text(row.p_value)})"))
st.caption(f"Conversion rate: the share of a segment's customers who converted. Each segment is tested against the "
           f"first, {first.segment} (two-proportion z-test): the p-value is the chance of a gap this large if they "
           f"really converted alike; below {segments.SIGNIFICANCE} we call it likely a real difference.")
tested = result[result["customers"] > 0]   # an empty segment has no rate to test
if len(result) > 2 and len(tested) >= 2:
    p_all = segments.chi_square_p(tested["conversions"], tested["customers"])
    verdict = segments.verdict(p_all, *zip(tested["conversions"], tested["customers"]))
    across = f"all {len(result)} segments" if len(tested) == len(result) else f"the {len(tested)} segments with customers"
    st.caption(f"Across {across} (chi-square test): **{verdict}**"
               + ("" if math.isnan(p_all) else f" ({p_text(p_all)})."))
shared = cache.segment_overlap(key, ws.con, filters, tuple(chosen))
if shared:
    st.caption(f"{shared:,} customers are in more than one segment, so these groups overlap.")
if st.session_state.get("segments_mode") == segment_picker.MODES[1]:
    left_out = cache.overview(key, ws.con, filters).totals["customers"] - result["customers"].sum()
    where = ("their contact's value" if str(st.session_state.get("segments_split", "")).startswith("customer.")
             else "their first touchpoint's value")
    st.caption(f"Each customer counts under {where}; {left_out:,} customers with another "
               "value (or none) are left out.")
grids.show(result, {"segment": ("Segment", "text"), "customers": ("Customers", "count"),
                    "conversions": ("Converted", "count"), "conversion_rate": ("Conversion rate", "percent"),
                    "touchpoints_per_customer": ("Touchpoints per customer", "decimal"),
                    "median_days_to_convert": ("Median time to convert", "days"),
                    "p_value": (f"p-value (against {first.segment})", "p_value"),
                    "value_per_customer": ("Value per customer", "money")}, currency=currency)
csv_button("Download the comparison (CSV)", result, "segments.csv", "segments_download")

stages = [s for s in STAGES if s in set(cache.node_counts(key, ws.con, filters, "stage")["node"])]
if len(stages) >= 2:
    st.subheader("Journey stages")
    funnels = pd.concat([cache.funnel(key, ws.con, segments.within(filters, s), tuple(stages),
                                      FUNNEL_WINDOW, "stage").assign(segment=s.name) for s in chosen])
    chart = charts.segment_funnel_chart(funnels, segment_names)
    st.altair_chart(chart, width="stretch")
    st.caption(f"Of each segment's customers who reached “{stages[0]}”, the share who went on through each "
               "stage in this order within 90 days.")
    downloads.chart_downloads(chart, "segment_stages", funnels)

st.subheader("Most common journeys")
by = st.columns(3)[0].selectbox("Show steps as", DIMENSIONS, index=1, key="segments_paths_by",
                               format_func=str.capitalize)
for column, seg in zip(st.columns(len(chosen)), chosen):
    paths = cache.top_paths(key, ws.con, segments.within(filters, seg), by=by, depth=4, top=5,
                            collapse_repeats=True)
    column.markdown(f"**{seg.name}**")
    grids.show(paths.assign(path_names=[names.path_text(p, name) for p in paths["path"]]),
               {"path_names": ("Journey", "text"), "share": ("Customers", "percent"),
                "conversion_rate": ("Converted", "percent")}, hidden=("path",), container=column)
st.caption("Each segment's five most common journeys (first four steps, repeats merged): the share of its "
           "customers who took each, and the share of those who converted.")

st.subheader("Where the journeys differ")
step_by = st.columns(3)[0].selectbox("Steps are", DIMENSIONS, key="segments_diverge_by", format_func=str.capitalize)
state.settings_to_url("segments_", SETTINGS)
diverging = cache.diverging_steps(key, ws.con, filters, tuple(chosen), step_by, TECHNICAL_EVENTS)
if len(diverging):
    chart = charts.diverging_steps_chart(diverging, segment_names, names=name)
    st.altair_chart(chart, width="stretch")
    st.caption(f"The {diverging['step'].nunique()} steps whose share of customers differs most between the "
               "segments: each dot is the share of a segment's customers who ever had that step.")
    downloads.chart_downloads(chart, "segment_differences", diverging)
