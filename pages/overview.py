"""Overview: what is in the workspace."""
import streamlit as st

from journey_explorer import charts
from journey_explorer.ui import cache, downloads, grids, state


def kinds(text: str) -> str:
    """"call + web" as people say it: "Calls + Web"."""
    return " + ".join(charts.KIND_LABELS.get(k, k) for k in str(text).split(" + "))


ws = state.workspace()
st.title("Overview")
filters = state.filters()
data = cache.overview(cache.version(ws), ws.con, filters)
t = data.totals

if not t["touchpoints"]:
    st.info("No touchpoints match the filters in the sidebar." if not filters.is_empty() else
            "No touchpoints yet. Go to **Data** and drop your web, call or email exports.")
    st.stop()

cols = st.columns(4)
cols[0].metric("Customers", f"{t['customers']:,}")
cols[1].metric("Touchpoints", f"{t['touchpoints']:,}")
cols[2].metric("Seen in 2+ kinds", f"{t['multi_kind_share']:.0%}",
               help="Share of customers with more than one kind of touchpoint (web, call, email).")
cols[3].metric("Converted", f"{t['converted_customers'] / t['customers']:.0%}",
               help="Share of customers with at least one conversion.")
st.caption(f"From {t['first_ts']:%d %b %Y} to {t['last_ts']:%d %b %Y}.")

left, right = st.columns(2)
with left:
    by_kind = charts.bar_chart(data.by_kind, "kind", "touchpoints", "Touchpoints by kind")
    st.altair_chart(by_kind, width="stretch")
    st.caption("How many interactions each kind of export contributes.")
    downloads.chart_downloads(by_kind, "touchpoints_by_kind", data.by_kind)
with right:
    by_channel = charts.bar_chart(data.by_channel, "channel", "touchpoints", "Touchpoints by channel")
    st.altair_chart(by_channel, width="stretch")
    st.caption("Channels are grouped by the rules on the Data page (like Google Analytics' channel groups).")
    downloads.chart_downloads(by_channel, "touchpoints_by_channel", data.by_channel)

by_month = charts.monthly_area_chart(data.by_month)
st.altair_chart(by_month, width="stretch", height=300)
st.caption("Interactions per month, stacked by kind: growth and seasonality at a glance.")
downloads.chart_downloads(by_month, "touchpoints_by_month", data.by_month)

st.subheader("Which kinds of data customers appear in")
grids.show(data.kind_mix, {"kinds": ("Seen in", kinds), "customers": ("Customers", "count")})
st.caption("Customers stitched across web, calls and emails by shared ids, emails or phone numbers.")
