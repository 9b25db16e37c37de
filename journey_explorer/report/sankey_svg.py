"""A Sankey of sankey_links() drawn as plain SVG, for the report.

The app draws the Sankey with Plotly, whose script (4.8 MB) would have to be inlined for the
report to open offline; an SVG of the same links is some tens of kilobytes, prints sharply, and
hovering a node or band still shows its numbers (SVG <title>, no script).
"""
from __future__ import annotations

from html import escape

import pandas as pd

WIDTH, HEIGHT = 960, 480
NODE_WIDTH, PAD, LABEL_CHARS = 12, 10, 30
MARGIN = {"top": 8, "bottom": 8, "left": 4, "right": 4}
COLOURS = {"(left)": "#bbbbbb", "Other": "#8a8a8a"}
NODE_COLOUR = "#1f77b4"
LABEL_MIN_HEIGHT = 9  # smaller nodes keep only their hover text: labels would overlap


def sankey_nodes(links: pd.DataFrame) -> pd.DataFrame:
    """step, name, customers: every node of the links once; a node's size is what flows out of
    it, or in for the last nodes and for (left)."""
    out = links.groupby(["step", "source"], sort=False)["customers"].sum()
    into = links.groupby(["step", "target"], sort=False)["customers"].sum()
    into.index = pd.MultiIndex.from_arrays([into.index.get_level_values(0) + 1, into.index.get_level_values(1)])
    sizes = pd.concat([out.rename_axis(["step", "name"]), into.rename_axis(["step", "name"])], axis=1,
                      keys=["out", "in"]).fillna(0)
    nodes = sizes.max(axis=1).rename("customers").astype("int64").reset_index()
    # Biggest first in each column; Other and (left) at the bottom, as the app's chart does.
    nodes["last"] = nodes["name"].map({"Other": 1, "(left)": 2}).fillna(0)
    return (nodes.sort_values(["step", "last", "customers", "name"], ascending=[True, True, False, True])
            .drop(columns="last").reset_index(drop=True))


def _layout(nodes: pd.DataFrame) -> tuple[pd.DataFrame, float]:
    """x, y, height of each node (one column per step) and the pixels per customer, one scale
    for all columns so a band keeps its width from node to node."""
    steps = sorted(nodes["step"].unique())
    inner_w = WIDTH - MARGIN["left"] - MARGIN["right"] - NODE_WIDTH
    inner_h = HEIGHT - MARGIN["top"] - MARGIN["bottom"]
    per_column = nodes.groupby("step")["customers"].agg(["sum", "size"])
    scale = min((inner_h - PAD * (n - 1)) / total for total, n in zip(per_column["sum"], per_column["size"])
                if total)
    column = {s: i for i, s in enumerate(steps)}
    placed = nodes.assign(x=nodes["step"].map(column) * inner_w / max(len(steps) - 1, 1) + MARGIN["left"],
                          height=(nodes["customers"] * scale).clip(lower=1.0))
    placed["y"] = placed.groupby("step")["height"].transform(lambda h: (h + PAD).cumsum() - h - PAD) + MARGIN["top"]
    return placed, scale


def _bands(links: pd.DataFrame, placed: pd.DataFrame, scale: float) -> pd.DataFrame:
    """Each link's top edge where it leaves its source and where it enters its target: bands
    leave a node in the order of their targets and enter in the order of their sources."""
    where = placed.set_index(["step", "name"])
    bands = links.assign(width=links["customers"] * scale)
    src = pd.MultiIndex.from_arrays([bands["step"], bands["source"]])
    dst = pd.MultiIndex.from_arrays([bands["step"] + 1, bands["target"]])
    bands["x0"] = where["x"].reindex(src).to_numpy() + NODE_WIDTH
    bands["x1"] = where["x"].reindex(dst).to_numpy()
    bands["src_y"], bands["dst_y"] = where["y"].reindex(src).to_numpy(), where["y"].reindex(dst).to_numpy()
    bands = bands.sort_values(["step", "src_y", "dst_y"])
    bands["y0"] = bands["src_y"] + bands.groupby(["step", "source"])["width"].cumsum() - bands["width"]
    bands = bands.sort_values(["step", "dst_y", "src_y"])
    bands["y1"] = bands["dst_y"] + bands.groupby(["step", "target"])["width"].cumsum() - bands["width"]
    return bands.sort_index()


def _band_path(b) -> str:
    mid = (b.x0 + b.x1) / 2
    return (f"M{b.x0:.1f},{b.y0:.1f}C{mid:.1f},{b.y0:.1f} {mid:.1f},{b.y1:.1f} {b.x1:.1f},{b.y1:.1f}"
            f"V{b.y1 + b.width:.1f}C{mid:.1f},{b.y1 + b.width:.1f} {mid:.1f},{b.y0 + b.width:.1f} "
            f"{b.x0:.1f},{b.y0 + b.width:.1f}Z")


def _share(value: int, starters: int) -> str:
    return f" ({value / starters:.0%} of those who started)" if starters else ""


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[:LABEL_CHARS - 1] + "…"


def sankey_svg(links: pd.DataFrame, starters: int, title: str = "Customer journeys, step by step") -> str:
    """An <svg> of sankey_links(): the same nodes, bands and hover numbers as the app's chart.
    Node names are escaped here; masking emails and phones is the caller's (they are data)."""
    nodes = sankey_nodes(links)
    placed, scale = _layout(nodes)
    bands = _bands(links, placed, scale)
    last_x = placed["x"].max()
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
              f'height="{HEIGHT}" role="img" aria-label="{escape(title)}" class="sankey" '
              'font-family="Helvetica, Arial, sans-serif" font-size="11">'), f"<title>{escape(title)}</title>"]
    for b in bands.itertuples():
        colour = COLOURS["(left)"] if b.target == "(left)" else NODE_COLOUR
        parts.append(f'<path d="{_band_path(b)}" fill="{colour}" fill-opacity="0.3">'
                     f"<title>{escape(b.source)} → {escape(b.target)}: {b.customers:,} customers"
                     f"{_share(b.customers, starters)}</title></path>")
    for n in placed.itertuples():
        name = escape(n.name)
        parts.append(f'<rect x="{n.x:.1f}" y="{n.y:.1f}" width="{NODE_WIDTH}" height="{n.height:.1f}" '
                     f'fill="{COLOURS.get(n.name, NODE_COLOUR)}"><title>Step {n.step}: {name}, '
                     f"{n.customers:,} customers{_share(n.customers, starters)}</title></rect>")
        if n.height >= LABEL_MIN_HEIGHT:
            right = n.x < last_x  # labels sit right of a node, left of the last column's
            x = n.x + NODE_WIDTH + 4 if right else n.x - 4
            parts.append(f'<text x="{x:.1f}" y="{n.y + n.height / 2:.1f}" dy="0.35em" '
                         f'text-anchor="{"start" if right else "end"}" paint-order="stroke" stroke="#fff" '
                         f'stroke-width="3" fill="#222">{escape(_short(n.name))}'
                         f'<tspan fill="#666"> {n.customers:,}</tspan></text>')
    parts.append("</svg>")
    return "".join(parts)
