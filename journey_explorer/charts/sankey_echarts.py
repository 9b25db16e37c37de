"""The Journeys Sankey as ECharts options: the same nodes as the Plotly figure (flows.sankey_nodes),
drawn by streamlit-echarts because it reports which node was clicked (Plotly in Streamlit cannot).

Every node sits in its step's column (`depth`), stacked in sankey_nodes' order (biggest first, Other
and "(left)" at the bottom) because the layout is not iterated; "(left)" after step k is in column
k + 1. Node ids are "step|name" so a name seen at two steps is two nodes.

Text safety: ECharts draws labels on a canvas, as text, so a name needs no HTML escaping there
(escaping would show "&lt;" to the user). The one HTML sink is the tooltip, and its formatter
escapes every name with ECharts' own encodeHTML. Contact details are masked here in Python, before
anything reaches the browser, unless the user asked to see them.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from ..privacy import mask_pii
from .flows import TEXT, figure_height, sankey_nodes
from .palette import LEFT, OTHER, rgba

GAP = 130               # px from one column to the next: room for a 14-character label
NODE, LEFT_MARGIN, RIGHT_MARGIN = 16, 10, 150   # right: the last column writes its labels outside
MIN_WIDTH = 960         # px: fits the main column of a 1400 px window with the sidebar open
FONT = 12
BAND, LEFT_BAND = 0.45, rgba("#b4b4b4", 0.35)


class Js(str):
    """A JavaScript function for the chart: the page hands it to streamlit-echarts as JsCode (the
    core does not import Streamlit)."""


def with_functions(value, wrap: Callable[[str], object]):
    """`value` with every Js in it replaced by wrap(js): the page passes streamlit-echarts' JsCode."""
    if isinstance(value, Js):
        return wrap(str(value))
    if isinstance(value, dict):
        return {k: with_functions(v, wrap) for k, v in value.items()}
    if isinstance(value, list):
        return [with_functions(v, wrap) for v in value]
    return value


LABEL = Js("function(p){ return p.data.label; }")
# The formatter's output is read as HTML: every text from the data goes through encodeHTML.
TOOLTIP = Js(
    "function(p){ const e = echarts.format.encodeHTML; const d = p.data;"
    " const head = p.dataType === 'edge' ? e(d.from) + ' \u2192 ' + e(d.to) : e(d.title);"
    " return head + '<br>' + e(d.customers) + ' customers (' + e(d.share) + ' of those who started)'; }")
# A click on a node sends its id back to Python; a click on a band sends nothing (no rerun).
CLICK = ("function(p){ if (p.dataType !== 'node') { return undefined; }"
         " return {id: p.data.id, name: p.data.full, step: p.data.depth + 1}; }")

# Puts the live chart where a browser test can find its nodes; returns nothing, so no rerun.
FINISHED = "function(){ window.__journeysSankey = chart; }"


def chart_width(columns: int) -> int:
    """Pixels the chart needs for `columns` columns of nodes with their labels side by side."""
    return max(MIN_WIDTH, LEFT_MARGIN + GAP * (columns - 1) + NODE + RIGHT_MARGIN)


def _gap(columns: int) -> float:
    return (chart_width(columns) - LEFT_MARGIN - RIGHT_MARGIN - NODE) / max(columns - 1, 1)


def label_room(columns: int) -> int:
    """Characters of a label that fit between two columns at FONT px."""
    return max(8, min(40, int((_gap(columns) - NODE - 10) / (FONT * 0.6))))


def _cut(text: str, room: int) -> str:
    return text if len(text) <= room else text[:room - 1].rstrip() + "…"


def _share(customers: int, starters: int) -> str:
    return f"{customers / starters:.0%}" if starters else ""


def sankey_options(links: pd.DataFrame, starters: int, names: Callable[[str], str] = str,
                   colour_keys: Mapping[str, str] | None = None, show_pii: bool = False) -> dict:
    """ECharts options of sankey_links(): one column per step, node colours from the one palette
    (by `colour_keys`: node → its kind or channel; else the node itself), bands in their source's
    colour and grey into "(left)", dark labels cut to the room between columns (thin nodes get none:
    their tooltip has the name), tooltip with the full name, customers and % of those who started."""
    height = figure_height(sankey_nodes(links, starters))
    nodes = sankey_nodes(links, starters, names, colour_keys, height)
    columns = int(nodes["step"].max()) if len(nodes) else 1
    room = label_room(columns)
    shown = [n if show_pii else mask_pii(n) for n in nodes["name"].astype(str)]
    ids = [f"{s}|{n}" for s, n in zip(nodes["step"], shown)]
    # Two names can mask alike (two emails of one domain): ids must stay one per node.
    seen: dict[str, int] = {}
    for i, node_id in enumerate(ids):
        seen[node_id] = seen.get(node_id, 0) + 1
        if seen[node_id] > 1:
            ids[i] = f"{node_id}#{seen[node_id]}"
    index = {(s, n): i for i, (s, n) in enumerate(zip(nodes["step"], nodes["node"]))}
    data = []
    for i, row in enumerate(nodes.itertuples(index=False)):
        title = f"Left after step {row.step - 1}" if row.node == LEFT else f"Step {row.step}: {shown[i]}"
        data.append({"id": ids[i], "name": shown[i], "full": shown[i], "title": title, "depth": int(row.step) - 1,
                     "value": int(row.customers), "customers": f"{int(row.customers):,}",
                     "share": _share(int(row.customers), starters),
                     "label": "" if not row.label else _cut(shown[i], room),
                     "itemStyle": {"color": row.colour, "borderColor": "white", "borderWidth": 0.5}})
    edges = []
    for step, source, target, customers in zip(links["step"], links["source"], links["target"], links["customers"]):
        s, t = index[(step, source)], index[(step + 1, target)]
        colour = LEFT_BAND if target == LEFT else rgba(nodes["colour"][s], BAND)
        edges.append({"source": ids[s], "target": ids[t], "value": int(customers), "from": shown[s], "to": shown[t],
                      "customers": f"{int(customers):,}", "share": _share(int(customers), starters),
                      "lineStyle": {"color": colour, "opacity": 1}})
    return {
        "animation": False,     # a redraw should show the new numbers at once
        "toolbox": {"right": 10, "feature": {"saveAsImage": {"title": "Save as PNG", "name": "journeys",
                                                             "pixelRatio": 2}}},
        "tooltip": {"trigger": "item", "formatter": TOOLTIP, "textStyle": {"fontSize": 13, "color": TEXT}},
        "series": [{
            "type": "sankey", "data": data, "links": edges, "nodeAlign": "left", "layoutIterations": 0,
            "nodeWidth": NODE, "nodeGap": 14, "draggable": False,
            "left": LEFT_MARGIN, "right": RIGHT_MARGIN, "top": 10, "bottom": 10,
            "emphasis": {"focus": "adjacency"},
            "lineStyle": {"curveness": 0.5},
            "label": {"color": TEXT, "fontSize": FONT, "formatter": LABEL},
        }],
    }


def clickable(options: dict, links: pd.DataFrame, starters: int) -> dict[str, str]:
    """Node id → node (as the data has it) of every drawn step a click can pick: not Other or
    "(left)", which are no one step. Kept on the server: ids carry masked names only."""
    nodes = sankey_nodes(links, starters)["node"]
    return {d["id"]: n for d, n in zip(options["series"][0]["data"], nodes) if n not in (OTHER, LEFT)}


def options_height(options: dict) -> int:
    """Pixels tall, as the Plotly figure: room for the fullest column."""
    return figure_height(pd.DataFrame({"step": [d["depth"] for d in options["series"][0]["data"]]}))
