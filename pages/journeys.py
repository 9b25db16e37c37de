"""Journeys: how customers move from touchpoint to touchpoint (Sankey and top paths)."""
import streamlit as st
from streamlit_echarts import JsCode, st_echarts

from journey_explorer import charts, names
from journey_explorer.charts import next_step as next_charts
from journey_explorer.charts import sankey_echarts
from journey_explorer.ui import cache, contact_details, downloads, grids, state
from journey_explorer.ui.csv_download import csv_button
from journey_explorer.views.flows import (DEFAULT_GROUPS, DIMENSIONS, parse_groups, readable_top,
                                          technical_in)
from journey_explorer.views.next_step import next_after_sentence

PICKED = "journeys_customers_node"       # the "Customers behind a step" picker: a chart click sets it too
DRAWN = "journeys_sankey_drawn"          # node id → node, of the chart as last drawn


def remember_click():
    # The click arrives once, as the chart's event; the picker keeps it across reruns.
    event = (st.session_state.get("journeys_sankey") or {}).get("chart_event") or {}
    node = st.session_state.get(DRAWN, {}).get(event.get("id"))
    st.session_state["journeys_clicked_whole"] = node is None and bool(event)
    if node is not None:
        st.session_state[PICKED] = node


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
show_pii = contact_details.shown()
sankey = sankey_echarts.sankey_options(links, starters, names=name, colour_keys=kinds, show_pii=show_pii)
st.session_state[DRAWN] = sankey_echarts.clickable(sankey, links, starters)
columns = 1 + max(d["depth"] for d in sankey["series"][0]["data"])
# A fixed width per column keeps ten steps of labels apart; a narrow window scrolls sideways.
st_echarts(sankey_echarts.with_functions(sankey, JsCode),
           events={"click": sankey_echarts.CLICK, "finished": sankey_echarts.FINISHED}, key="journeys_sankey",
           on_change=remember_click, height=f"{sankey_echarts.options_height(sankey)}px",
           width=f"{sankey_echarts.chart_width(columns)}px")
st.caption(f"{starters:,} customers, step by step: one column per step, each band customers moving from one {by} "
           f"to the next{', coloured by kind (web, call, email)' if kinds else ''}; grey “(left)” is where journeys "
           "ended, right after their last step. Hover a node for its full name and numbers; click it to see "
           "what those customers did next (below).")
# The HTML download stays the Plotly drawing: one file that opens anywhere, without the internet.
figure = charts.sankey_figure(links, starters, names=name, colour_keys=kinds, show_pii=show_pii)
export = names.with_plain_names(links, name, ("source", "target"))
downloads.chart_downloads(figure, "journeys", export)  # PNG: the save icon on the chart

st.subheader("Most common journeys")
paths = cache.top_paths(key, ws.con, filters, top=20, **flow)
paths = names.with_plain_names(paths, name, ("path",))
grids.show(paths, {"path_names": ("Journey", "text"), "customers": ("Customers", "count"),
                   "share": ("Share of customers", "percent"), "conversions": ("Converted", "count"),
                   "conversion_rate": ("Conversion rate", "percent")}, hidden=("path",))
st.caption("The first steps of each journey, how many customers took it and how many of them converted.")

st.subheader("Customers behind a step")
passed = [n for n in options if n not in set(exclude)]   # a left-out step has nobody behind it
state.keep_valid(PICKED, passed)
node = st.selectbox("Show the customers who passed", passed, key=PICKED, index=None,
                    format_func=name, placeholder="Pick a step (most common first), or click it on the chart")
if st.session_state.get("journeys_clicked_whole"):
    st.caption("“(left)” and Other are not one step: click a named step, or pick one here.")
if node:
    after = cache.next_after(key, ws.con, filters, node, by=by, exclude=tuple(exclude), collapse_repeats=collapse,
                             groups=groups)
    plain = after.assign(next=[n if n in ("Other", "(left)") else name(n) for n in after["next"]])
    st.text(next_after_sentence(plain, name(node)))      # text: a name from the data is never markup
    st.altair_chart(next_charts.next_step_chart(plain, "share", f"What customers did right after {name(node)}"),
                    width="stretch")
    st.caption("What each customer did right after the first time they passed this step, with the choices "
               "above. Grey: journeys that ended there, and the rest together.")
    people = cache.customers_at(key, ws.con, filters, node, by=by, exclude=tuple(exclude),
                                collapse_repeats=collapse, groups=groups)
    people = names.with_plain_names(people, name, ("journey",))
    grids.show(people, {"customer_id": ("Customer", "text"), "journey_names": ("Journey (first 12 steps)", "text"),
                        "steps": ("Steps", "count"), "converted": ("Converted", "yes_no"),
                        "first_seen": ("First seen (UTC)", "datetime"), "last_seen": ("Last seen (UTC)", "datetime")},
               hidden=("journey",))
    st.caption(f"{len(people):,} customers (pseudonymous ids; no emails or phone numbers) and their first steps.")
    csv_button("Download these customers (CSV)", people, "customers.csv", "journeys_customers_download")
