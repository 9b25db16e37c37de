"""Journeys: how customers move from touchpoint to touchpoint (Sankey and top paths)."""
import streamlit as st

from journey_explorer import charts, names
from journey_explorer.charts import next_step as next_charts
from journey_explorer.ui import cache, contact_details, downloads, grids, state
from journey_explorer.views.flows import (DEFAULT_GROUPS, DIMENSIONS, parse_groups, readable_top,
                                          technical_in)
from journey_explorer.views.next_step import next_after_sentence

ws = state.workspace()
key, filters = cache.version(ws), state.filters()
name = cache.namer(key, ws.con)
st.title("Journeys")
SETTINGS = {"journeys_by": "text", "journeys_depth": "int", "journeys_top": "int", "journeys_collapse": "bool",
            "journeys_groups": "text", "journeys_start": "text", "journeys_end": "text"}
state.linked_settings(SETTINGS)
state.keep_valid("journeys_by", DIMENSIONS)
state.keep_within("journeys_depth", 2, 10)

c1, c2, c3, c4 = st.columns([2, 2, 2, 2])
by = c1.selectbox("Show steps as", DIMENSIONS, key="journeys_by", format_func=str.capitalize)
depth = c2.slider("Steps", 2, 10, 5, key="journeys_depth")
most = readable_top(15, depth)  # what stays readable at this depth: the slider offers no more
state.keep_within("journeys_top", 3, most)
top = c3.slider("Most common per step", 3, most, min(8, most), key="journeys_top",
                help=f"The rest of each step is grouped as Other. With {depth} steps, at most {most} per step "
                     "stay readable.")
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
options = nodes["node"].tolist()
leave_out = f"journeys_exclude_{by}"  # each way of showing steps keeps its own (touchpoints: technical hits)
SETTINGS[leave_out] = "list"
state.linked_settings({leave_out: "list"})
for chosen in ("journeys_start", "journeys_end", leave_out):
    state.keep_valid(chosen, options)
c5, c6, c7 = st.columns(3)
start = c5.selectbox("Start at", [None] + options, key="journeys_start", format_func=lambda n: name(n) if n else "Anywhere",
                     help="Pick a step to see where customers went after it (most common first).")
end = c6.selectbox("End at", [None] + options, key="journeys_end", format_func=lambda n: name(n) if n else "Anywhere",
                   help="Pick a step to see how customers got there.")
exclude = c7.multiselect("Leave out", options, key=leave_out, placeholder="Nothing left out", format_func=name,
                         default=None if leave_out in st.session_state else list(technical_in(options)),
                         help="Analytics tools log technical events (a visit started, …) that are not steps a "
                              "customer takes.")
state.settings_to_url("journeys_", SETTINGS)

flow = dict(by=by, depth=depth, collapse_repeats=collapse, exclude=tuple(exclude), groups=groups)
links = cache.sankey_links(key, ws.con, filters, top=top, start=start, end=end, **flow)
if links.empty:
    st.info("No journeys match these choices. Try another start or end, or fewer filters.")
    st.stop()
starters = int(links.loc[links["step"] == 1, "customers"].sum())
kinds = cache.node_kinds(key, ws.con, groups) if by == "touchpoint" else None
figure = charts.sankey_figure(links, starters, names=name, colour_keys=kinds, show_pii=contact_details.shown())
st.plotly_chart(figure, width="stretch", key="journeys_sankey")
st.caption(f"{starters:,} customers, step by step: one column per step, each band customers moving from one {by} "
           f"to the next{', coloured by kind (web, call, email)' if kinds else ''}; grey “(left)” is where journeys "
           "ended, right after their last step. Hover a node for its full name.")
export = names.beside(names.beside(links, "source", name), "target", name)
downloads.chart_downloads(figure, "journeys", export)  # PNG: the camera icon on the chart

st.subheader("Most common journeys")
paths = cache.top_paths(key, ws.con, filters, top=20, **flow)
paths = paths.assign(path_names=[names.path_text(p, name) for p in paths["path"]])
grids.show(paths, {"path_names": ("Journey", "text"), "customers": ("Customers", "count"),
                   "share": ("Share of customers", "percent"), "conversions": ("Converted", "count"),
                   "conversion_rate": ("Conversion rate", "percent")}, hidden=("path",))
st.caption("The first steps of each journey, how many customers took it and how many of them converted.")

st.subheader("Customers behind a step")
passed = [n for n in options if n not in set(exclude)]   # a left-out step has nobody behind it
state.keep_valid("journeys_customers_node", passed)
node = st.selectbox("Show the customers who passed", passed, key="journeys_customers_node", index=None,
                    format_func=name, placeholder="Pick a step (most common first)")
if node:
    after = cache.next_after(key, ws.con, filters, node, by=by, exclude=tuple(exclude), collapse_repeats=collapse,
                             groups=groups)
    st.markdown(next_after_sentence(after, node))
    st.altair_chart(next_charts.next_step_chart(after, "share", f"What customers did right after {node}"),
                    width="stretch")
    st.caption("What each customer did right after the first time they passed this step, with the choices "
               "above. Grey: journeys that ended there, and the rest together.")
    people = cache.customers_at(key, ws.con, filters, node, by=by, exclude=tuple(exclude),
                                collapse_repeats=collapse, groups=groups)
    people = people.assign(journey_names=[names.path_text(j, name) for j in people["journey"]])
    grids.show(people, {"customer_id": ("Customer", "text"), "journey_names": ("Journey (first 12 steps)", "text"),
                        "steps": ("Steps", "count"), "converted": ("Converted", "yes_no"),
                        "first_seen": ("First seen (UTC)", "datetime"), "last_seen": ("Last seen (UTC)", "datetime")},
               hidden=("journey",))
    st.caption(f"{len(people):,} customers (pseudonymous ids; no emails or phone numbers) and their first steps.")
    st.download_button("Download these customers (CSV)", people.to_csv(index=False), "customers.csv", "text/csv",
                       key="journeys_customers_download")
