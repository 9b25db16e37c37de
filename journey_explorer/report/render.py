"""Turning a report's parts into HTML: charts as inline SVG, tables, the page and its styles.

Every piece of text that can come from an upload goes through html.escape here (or in
sankey_svg); masking emails and phones is done earlier, on the frames (see sections.Context).
"""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from html import escape

import pandas as pd

CHART_WIDTH = 820   # pixels of a full-width chart's plot area; print scales the SVG down to the page


@dataclass
class Figure:
    svg: str
    caption: str


@dataclass
class Table:
    frame: pd.DataFrame
    columns: dict          # column → (heading, format: text, int, pct, num, multiple, duration, days)
    caption: str = ""


@dataclass
class Section:
    key: str               # the section's anchor, e.g. "journeys"
    title: str
    sentence: str          # the key sentence the page says
    blocks: list = field(default_factory=list)   # Figure and Table, in order
    settings: str = ""     # the view settings it was made with, in words


def altair_svg(chart, width: int = CHART_WIDTH) -> str:
    """An Altair chart as an inline <svg>, rendered offline by vl-convert."""
    import vl_convert as vlc  # a JavaScript engine: loaded only when a report is made

    # No ARIA label per bar or dot: they double the file, and each figure has its caption.
    svg = vlc.vegalite_to_svg(chart.properties(width=width).configure_mark(aria=False).to_json())
    return own_ids(svg[svg.index("<svg"):])  # no XML prolog inside HTML


def own_ids(svg: str) -> str:
    """The SVG with its ids (gradients, clip paths) made its own: inline SVGs share the page's
    ids, and two charts' gradient_0 would otherwise both point at the first one."""
    prefix = "c" + hashlib.sha1(svg.encode()).hexdigest()[:8] + "-"
    svg = re.sub(r'(?<![\w:-])id="([^"]+)"', lambda m: f'id="{prefix}{m[1]}"', svg)
    return re.sub(r'(url\(#|href="#)([^)"]+)', lambda m: f"{m[1]}{prefix}{m[2]}", svg)


def duration(seconds: float) -> str:
    if seconds is None or math.isnan(seconds):
        return "–"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} hours" if seconds < 86400 else f"{seconds / 86400:.1f} days"


def cell(value, kind: str) -> str:
    """A value as a reader sees it (the tests compare these against the views' frames)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "–"
    if kind == "int":
        return f"{int(value):,}"
    if kind == "pct":
        return f"{value:.1%}"
    if kind == "num":
        return f"{value:,.1f}"
    if kind == "multiple":
        return f"{value:.2f}×"
    if kind == "duration":
        return duration(value)
    if kind == "days":
        return duration(value * 86400)
    return str(value)


def table_html(table: Table) -> str:
    heads = "".join(f'<th class="{kind}">{escape(head)}</th>' for head, kind in table.columns.values())
    rows = []
    for record in table.frame[list(table.columns)].itertuples(index=False):
        cells = "".join(f'<td class="{kind}">{escape(cell(v, kind))}</td>'
                        for v, (_, kind) in zip(record, table.columns.values()))
        rows.append(f"<tr>{cells}</tr>")
    caption = f'<p class="caption">{escape(table.caption)}</p>' if table.caption else ""
    return (f'<div class="table"><table><thead><tr>{heads}</tr></thead><tbody>{"".join(rows)}</tbody>'
            f"</table>{caption}</div>")


def figure_html(figure: Figure) -> str:
    return f'<figure class="chart">{figure.svg}<figcaption>{escape(figure.caption)}</figcaption></figure>'


def section_html(section: Section) -> str:
    blocks = "".join(figure_html(b) if isinstance(b, Figure) else table_html(b) for b in section.blocks)
    settings = f'<p class="settings">{escape(section.settings)}</p>' if section.settings else ""
    return (f'<section class="view" id="{escape(section.key)}" data-section="{escape(section.key)}">'
            f'<h2>{escape(section.title)}</h2><p class="key">{escape(section.sentence)}</p>{settings}'
            f"{blocks}</section>")


def metric_html(label: str, value: str, key: str) -> str:
    return (f'<div class="metric" data-metric="{escape(key)}"><div class="value">{escape(value)}</div>'
            f'<div class="label">{escape(label)}</div></div>')


STYLE = """
:root { --ink: #1d2330; --muted: #5b6472; --line: #dfe3ea; --accent: #1f77b4; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 960px; padding: 32px 28px 64px; color: var(--ink);
       font: 15px/1.5 "Helvetica Neue", Helvetica, Arial, sans-serif; background: #fff; }
h1 { font-size: 30px; margin: 0 0 4px; }
h2 { font-size: 22px; margin: 0 0 6px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; }
header .dates { font-size: 17px; margin: 0; }
.muted, header .made, .settings, .caption, figcaption { color: var(--muted); }
.settings { font-size: 13px; margin: 0 0 12px; }
.filters { margin: 18px 0; padding: 12px 16px; border: 1px solid var(--line); border-radius: 8px;
           background: #f7f9fc; }
.filters h3 { margin: 0 0 4px; font-size: 15px; }
.filters ul { margin: 0; padding-left: 20px; }
.metrics { display: grid; grid-template-columns: repeat(5, 1fr); gap: 10px; margin: 18px 0 8px; }
.metric { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.metric .value { font-size: 24px; font-weight: 600; }
.metric .label { font-size: 13px; color: var(--muted); }
nav ol { columns: 2; margin: 8px 0 0; padding-left: 20px; }
nav a { color: var(--accent); text-decoration: none; }
section.view { margin-top: 40px; }
.key { font-size: 17px; font-weight: 600; margin: 8px 0 4px; }
figure.chart { margin: 16px 0 20px; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption, .caption { font-size: 13px; margin-top: 4px; }
.table { margin: 12px 0 20px; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: #f2f4f8; font-weight: 600; }
td:not(.text), th:not(.text) {
    text-align: right; white-space: nowrap; }
footer { margin-top: 48px; font-size: 12px; color: var(--muted); }
@media print {
  @page { size: A4; margin: 14mm; }
  body { max-width: none; padding: 0; font-size: 12px; }
  nav { display: none; }
  section.view { break-before: page; margin-top: 0; }
  figure.chart, .table, .metric, tr { break-inside: avoid; }
  h2 { break-after: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
@media (max-width: 700px) { .metrics { grid-template-columns: repeat(2, 1fr); } }
"""


def page_html(title: str, head: str, sections: list[Section], footer: str) -> str:
    """The whole report: one file, its styles inside, no script, no link, no image to fetch."""
    contents = "".join(f'<li><a href="#{escape(s.key)}">{escape(s.title)}</a></li>' for s in sections)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
            f'<header>{head}<nav><strong>Contents</strong><ol>{contents}</ol></nav></header>'
            f'{"".join(section_html(s) for s in sections)}<footer>{escape(footer)}</footer></body></html>')
