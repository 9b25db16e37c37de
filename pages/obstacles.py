"""Obstacles: where journeys break (customers stop going on, go round in circles, slow down or hit
errors), ranked by how many customers it cost."""
import streamlit as st

from journey_explorer.charts import obstacles as charts
from journey_explorer.ui import cache, state
from journey_explorer.ui.csv_download import csv_button
from journey_explorer.views.obstacle_words import segment_title
from journey_explorer.views.obstacles import PERIODS, journeys_link

KIND_TITLES = {"drop": "Customers stop going on", "loop": "Customers go round in circles",
               "stall": "Customers slow down", "error": "An error ends journeys"}
SHOWN = 15

ws = state.workspace()
key, filters = cache.version(ws), state.filters()
st.title("Obstacles")
st.caption("Where journeys break: customers who stop going on at a step, go round in circles, take much longer "
           "than usual, or leave after an error. Each is compared with the other weeks or months (or the other "
           "customers), and only differences far too big to be chance are shown, biggest loss first.")
period = st.segmented_control("Compare", PERIODS, default="month", key="obstacles_period",
                              format_func={"week": "Week by week", "month": "Month by month"}.get) or "month"
report = cache.obstacle_report(key, ws.con, filters, period)
findings = report.findings
if findings.empty:
    st.success("No obstacles found: no step lost customers, sent them round in circles or slowed them down "
               f"much more in some {period}s than in the others, and no error-like step ended journeys more "
               "often than other steps do.")
    st.stop()

st.markdown(f"**{len(findings)} obstacle{'s' if len(findings) > 1 else ''} found**, costing about "
            f"{int(findings['lost_customers'].sum()):,} customers in all.")
for row, finding in findings.head(SHOWN).iterrows():
    with st.container(border=True):
        text, chart = st.columns([3, 2])
        text.markdown(f"**{KIND_TITLES[finding['kind']]}** at **{finding['step']}** · "
                      f"{segment_title(finding['segment'])}")
        text.write(finding["summary"])
        text.link_button("See these journeys", journeys_link(finding, ws.id), icon=":material/account_tree:")
        rates = report.rates[report.rates["finding"] == row]
        chart.altair_chart(charts.rate_chart(rates, finding["kind"]), width="stretch")
        chart.caption("Red dots: the periods of this obstacle. Dashed: what is usual.")
if len(findings) > SHOWN:
    st.caption(f"The {SHOWN} costliest are shown; the table below has all {len(findings)}.")

with st.expander("All obstacles as a table"):
    st.dataframe(findings, hide_index=True, width="stretch", column_config={
        "rate": st.column_config.NumberColumn("rate", format="percent"),
        "baseline_rate": st.column_config.NumberColumn("usually", format="percent"),
        "p_value": st.column_config.NumberColumn("chance of a fluke", format="%.1e")})
    csv_button("Download (CSV)", findings, "obstacles.csv", "obstacles_download", cache.namer(key, ws.con), ("step",))
