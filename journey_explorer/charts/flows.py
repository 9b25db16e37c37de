"""The Journeys Sankey: one column per step, drop-off drawn where it happens.

Plotly lays a Sankey out by itself and pushes every node without outgoing links (all "(left)"
nodes) into the last column, as if those customers had reached the end. Here each node is put in
its step's column (node x), stacked biggest first with Other and "(left)" at the bottom (node y),
so customers who left after step k leave from step k's node into a "(left)" node in column k + 1.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from .labels import plain_label, plain_labels
from .palette import LEFT, OTHER, colours, rgba

WIDTH = 1100            # px the chart gets on a wide page: what label lengths are fitted to
PAD, THICKNESS = 14, 16
TEXT = "#1f2933"        # labels: dark on the page's white, not Plotly's grey


def sankey_nodes(links: pd.DataFrame, starters: int, names: Callable[[str], str] = str,
                 colour_keys: Mapping[str, str] | None = None, height: int | None = None) -> pd.DataFrame:
    """step, node, customers, share, name, label, colour, x, y: one row per drawn node, in the
    order the figure lists them. x is the step's column; "(left)" after step k is in column k + 1."""
    nodes = pd.concat([links[["step", "source"]].set_axis(["step", "node"], axis=1),
                       links[["step", "target"]].assign(step=links["step"] + 1).set_axis(["step", "node"], axis=1)])
    nodes = nodes.drop_duplicates().reset_index(drop=True)
    out = links.groupby(["step", "source"])["customers"].sum()
    into = links.groupby(["step", "target"])["customers"].sum()
    nodes["customers"] = [int(out.get((s, n), 0)) or int(into.get((s - 1, n), 0))
                          for s, n in zip(nodes["step"], nodes["node"])]
    nodes["share"] = nodes["customers"] / starters if starters else float("nan")
    # Biggest first; Other and (left) at the bottom of their column.
    nodes["order"] = nodes["node"].map({OTHER: 1, LEFT: 2}).fillna(0)
    nodes = nodes.sort_values(["step", "order", "customers", "node"], ascending=[True, True, False, True],
                              ignore_index=True)
    columns = int(nodes["step"].max()) if len(nodes) else 1
    nodes["name"] = [n if n in (OTHER, LEFT) else names(n) for n in nodes["node"]]
    nodes["label"] = _labels(nodes, columns, height or figure_height(nodes))
    keys = [n if n in (OTHER, LEFT) else (colour_keys or {}).get(n, n) for n in nodes["node"]]
    nodes["colour"] = colours(keys)
    nodes["x"] = [_column_x(s, columns) for s in nodes["step"]]
    nodes["y"] = _stacked_y(nodes, height or figure_height(nodes))
    return nodes.drop(columns="order")


def _column_x(step: int, columns: int) -> float:
    """Columns evenly spaced, the last gap twice as wide: Plotly writes the last column's labels
    to the left of its nodes, into the gap where the column before writes its own, so that gap
    holds two columns of labels. Plotly ignores a position of exactly 0 or 1: a hair inside."""
    return 0.999 if step == columns and columns > 1 else 0.001 + 0.998 * (step - 1) / columns


def _scale(nodes: pd.DataFrame, height: int) -> float:
    """Pixels per customer as Plotly sizes nodes: one scale for every column, the fullest
    column (customers and gaps) filling the height."""
    by_step = nodes.groupby("step")["customers"]
    return min((height - 20 - (n - 1) * PAD) / max(total, 1) for n, total in zip(by_step.count(), by_step.sum()))


def _stacked_y(nodes: pd.DataFrame, height: int) -> list[float]:
    """Centres of nodes stacked down each column, PAD pixels apart."""
    plot, scale = height - 20, _scale(nodes, height)
    ys, top, step = [], 0.0, None
    for s, size in zip(nodes["step"], nodes["customers"]):
        if s != step:
            top, step = 0.0, s
        h = max(size * scale, 1.0)
        ys.append(min(max((top + h / 2) / plot, 0.001), 0.999))
        top += h + PAD
    return ys


def _labels(nodes: pd.DataFrame, columns: int, height: int) -> list[str]:
    """Names cut to the room between two columns; nodes too thin for a line of text get none
    (their hover has the name)."""
    room = max(10, min(42, int((WIDTH / columns - THICKNESS - 12) / 7.2)))
    scale = _scale(nodes, height)
    return ["" if size * scale + PAD < 15 else name if len(name) <= room else name[:room - 1].rstrip() + "…"
            for name, size in zip(nodes["name"], nodes["customers"])]


def figure_height(nodes: pd.DataFrame) -> int:
    most = int(nodes.groupby("step").size().max()) if len(nodes) else 1
    return max(460, min(900, 46 * most + 80))


def sankey_figure(links: pd.DataFrame, starters: int, names: Callable[[str], str] = str,
                  colour_keys: Mapping[str, str] | None = None, show_pii: bool = False):
    """Plotly Sankey of sankey_links(): one column per step, nodes coloured from the one palette
    (by `colour_keys`: node → its kind or channel; else by the node itself), bands in their
    source's colour, "(left)" grey. Hover: full name, customers and % of those who started.
    Every name is drawn as plain text, contact details masked unless show_pii (charts.labels)."""
    import plotly.graph_objects as go

    height = figure_height(sankey_nodes(links, starters))
    nodes = sankey_nodes(links, starters, names, colour_keys, height)
    index = {(s, n): i for i, (s, n) in enumerate(zip(nodes["step"], nodes["node"]))}
    source = [index[(s, n)] for s, n in zip(links["step"], links["source"])]
    target = [index[(s + 1, n)] for s, n in zip(links["step"], links["target"])]
    share = [f"{v / starters:.0%}" if starters else "" for v in links["customers"]]
    band = [rgba(nodes["colour"][i], 0.45) if t != LEFT else rgba("#b4b4b4", 0.35)
            for i, t in zip(source, links["target"])]
    titles = [f"Left after step {s - 1}" if n == LEFT else f"Step {s}: {plain_label(name, show_pii)}"
              for s, n, name in zip(nodes["step"], nodes["node"], nodes["name"])]
    shown = plain_labels(nodes["name"], show_pii)
    figure = go.Figure(go.Sankey(
        arrangement="snap",
        textfont=dict(color=TEXT, size=13),
        node=dict(label=plain_labels(nodes["label"], show_pii), color=nodes["colour"].tolist(), x=nodes["x"].tolist(),
                  y=nodes["y"].tolist(), pad=PAD, thickness=THICKNESS, line=dict(color="white", width=0.5),
                  customdata=list(zip(titles, nodes["customers"], [f"{v:.0%}" if pd.notna(v) else "" for v in nodes["share"]])),
                  hovertemplate="%{customdata[0]}<br>%{customdata[1]:,} customers "
                                "(%{customdata[2]} of those who started)<extra></extra>"),
        link=dict(source=source, target=target, value=links["customers"].tolist(), color=band,
                  customdata=list(zip([shown[i] for i in source], [shown[i] for i in target], share)),
                  hovertemplate="%{customdata[0]} → %{customdata[1]}<br>%{value:,} customers "
                                "(%{customdata[2]} of those who started)<extra></extra>"),
    ))
    figure.update_layout(margin=dict(l=10, r=10, t=10, b=10), height=height, font=dict(size=13, color=TEXT),
                         hoverlabel=dict(font_size=13))
    return figure
