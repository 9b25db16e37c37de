"""Journeys: how customers move from touchpoint to touchpoint (Sankey and top paths)."""
import streamlit as st

from journey_explorer import charts
from journey_explorer.ui import cache, downloads, state
from journey_explorer.views.flows import (DEFAULT_GROUPS, DIMENSIONS, parse_groups, readable_top,
                                          technical_in)

ws = state.workspace()
key, filters = cache.version(ws), state.filters()
st.title("Journeys")

c1, c2, c3, c4 = st.columns([2, 2, 2, 2])
by = c1.selectbox("Show steps as", DIMENSIONS, key="journeys_by", format_func=str.capitalize)
depth = c2.slider("Steps", 2, 10, 5, key="journeys_depth")
top = c3.slider("Most common per step", 3, 15, 8, key="journeys_top",
                help="The rest of each step is grouped as Other (at most 15 per step stay readable).")
collapse = c4.toggle("Merge repeats (A → A → B as A → B)", key="journeys_collapse")
with st.expander("Group steps", expanded=False):
    grouping = st.text_area("One rule per line: a pattern = a name (* stands for anything)",
                            "\n".join(f"{p} = {n}" for p, n in DEFAULT_GROUPS), key="journeys_groups",
                            help="Steps whose names match a pattern are shown as that one name.")
try:
    groups = parse_groups(grouping)
except ValueError as problem:
    st.error(str(problem))
    st.stop()
nodes = cache.node_counts(key, ws.con, filters, by, groups)
names = nodes["node"].tolist()
c5, c6, c7 = st.columns(3)
start = c5.selectbox("Start at", [None] + names, key="journeys_start", format_func=lambda n: n or "Anywhere",
                     help="Pick a step to see where customers went after it (most common first).")
end = c6.selectbox("End at", [None] + names, key="journeys_end", format_func=lambda n: n or "Anywhere",
                   help="Pick a step to see how customers got there.")
exclude = c7.multiselect("Leave out", names, key="journeys_exclude", placeholder="Nothing left out",
                         default=list(technical_in(names)),
                         help="Analytics tools log technical events (session_start, …) that are not steps a customer takes.")

options = dict(by=by, depth=depth, collapse_repeats=collapse, exclude=tuple(exclude), groups=groups)
drawn_top = readable_top(top, depth)
if drawn_top < top:
    st.caption(f"With {depth} steps, the {drawn_top} most common per step are drawn, to keep the chart readable.")
links = cache.sankey_links(key, ws.con, filters, top=drawn_top, start=start, end=end, **options)
if links.empty:
    st.info("No journeys match these choices. Try another start or end, or fewer filters.")
    st.stop()
starters = int(links.loc[links["step"] == 1, "customers"].sum())
figure = charts.sankey_figure(links, starters)
st.plotly_chart(figure, width="stretch", key="journeys_sankey")
st.caption(f"{starters:,} customers, step by step: each band is customers moving from one {by} to the next; "
           "grey “(left)” is where journeys ended.")
downloads.chart_downloads(figure, "journeys", links)  # PNG: the camera icon on the chart

st.subheader("Most common journeys")
paths = cache.top_paths(key, ws.con, filters, top=20, **options)
st.dataframe(paths, hide_index=True, width="stretch", column_config={
    "share": st.column_config.NumberColumn("Share of customers", format="percent"),
    "conversion_rate": st.column_config.NumberColumn("Conversion rate", format="percent")})
st.caption("The first steps of each journey, how many customers took it and how many of them converted.")

st.subheader("Customers behind a step")
node = st.selectbox("Show the customers who passed", names, key="journeys_customers_node", index=None,
                    placeholder="Pick a step (most common first)")
if node:
    people = cache.customers_at(key, ws.con, filters, node, by=by, exclude=tuple(exclude),
                                collapse_repeats=collapse, groups=groups)
    st.dataframe(people, hide_index=True, width="stretch")
    st.caption(f"{len(people):,} customers (pseudonymous ids; no emails or phone numbers) and their first steps.")
    st.download_button("Download these customers (CSV)", people.to_csv(index=False), "customers.csv", "text/csv",
                       key="journeys_customers_download")
