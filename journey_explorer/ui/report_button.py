"""The sidebar's "Download report": one HTML file of every page as this session sees them.

The report is built only when the button is clicked (a callable as the download's data), with
the sidebar's filters and each page's current settings. A page's widgets forget their values
while another page is open, so the last values seen are kept under KEPT; the sidebar runs
before the page, when the page's values from the run before are still there.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import MutableMapping

import streamlit as st

from journey_explorer import db
from journey_explorer.report import build_report

from . import segment_picker, state

# The report's setting → the session key of the page widget that holds it.
KEYS = {
    "journeys": {"by": "journeys_by", "depth": "journeys_depth", "top": "journeys_top",
                 "collapse_repeats": "journeys_collapse", "groups": "journeys_groups", "start": "journeys_start",
                 "end": "journeys_end", "exclude": "journeys_exclude"},
    "funnels": {"by": "funnel_by", "window": "funnel_window", "steps": "funnel_steps"},
    "growth": {"by": "growth_by", "period": "growth_period", "measure": "growth_measure",
               "stacked": "growth_stacked"},
}
KEPT = "report_settings"


def page_settings(session: MutableMapping) -> dict:
    """Each page's settings as build_report takes them, from the session's widget keys (pages
    not visited yet: nothing, so the report uses their defaults)."""
    kept = session.get(KEPT) or {}
    for page, keys in KEYS.items():
        seen = {name: session[key] for name, key in keys.items() if key in session}
        kept[page] = {**kept.get(page, {}), **seen}
    growth = kept["growth"]
    period = growth.get("period", "month")
    if all(f"growth_{end}_{period}" in session for end in ("from", "to")):
        growth.update({"from": session[f"growth_from_{period}"], "to": session[f"growth_to_{period}"],
                       "compared_period": period})
    elif growth.get("compared_period") != period:   # two periods chosen per another period
        for name in ("from", "to", "compared_period"):
            growth.pop(name, None)
    kept["segments"] = _segments(session)
    session[KEPT] = kept
    return {page: {k: v for k, v in values.items() if k != "compared_period"} for page, values in kept.items()}


def _segments(session: MutableMapping) -> dict:
    """The Segments page's comparison (segment_picker keeps it between pages)."""
    mode = session.get("segments_mode", session.get("segments_mode_kept"))
    if mode == segment_picker.MODES[1]:
        split = session.get("segments_split", session.get("segments_split_kept"))
        return {"split": split} if split else {}
    defs = session.get("segments_defs")
    count = session.get("segments_count", session.get("segments_count_kept")) or len(defs or ())
    return {"segments": [list(d) for d in defs[:count]]} if defs else {}


def render(ws=None) -> None:
    """The button, in the container it is called in (the sidebar)."""
    ws = ws or state.workspace()
    filters, settings = state.filters(), page_settings(st.session_state)
    base = ws.base or ws.con

    def report() -> str:   # runs on click, outside this script run: a connection of its own
        con = db.cursor(base)
        try:
            return build_report(con, filters, settings)
        finally:
            con.close()

    st.download_button("Download report", report, f"journey-report-{dt.date.today()}.html", "text/html",
                       key="report_download", icon=":material/summarize:", on_click="ignore", width="stretch",
                       help="One HTML file with every page's chart and key numbers, for the filters above "
                            "and each page's current settings. It opens in any browser without the internet, "
                            "and prints one page per section. Building it takes a few seconds on a big workspace: "
                            "the download starts when it is ready.")
