"""Calls page widgets: the time zone, the cost table (typed or loaded from a CSV) and the table's
plain-language headers.

Costs and the time zone are saved in a workspace of your own. The demo workspace is read-only
and shared by everyone, so there they are kept in this browser session only (a presenter can
still show cost per call and ROI; nobody else sees them and they go when the tab closes).
"""
from __future__ import annotations

import zoneinfo

import pandas as pd
import streamlit as st

from journey_explorer import rules
from journey_explorer.views import calls as calls_view
from journey_explorer.views import costs as costs_view

from . import cache, grids

TIMEZONES = sorted(zoneinfo.available_timezones() | {"UTC"})
SESSION_COSTS, SESSION_TIMEZONE = "calls_session_costs", "calls_session_timezone"


def report(ws, by: str, filters, costs: pd.DataFrame, timezone: str) -> calls_view.CallsReport:
    """Everything the page draws, cached per workspace version, options, costs and time zone."""
    return _report(cache.version(ws), ws.con, by, filters, costs if len(costs) else None, timezone)


@st.cache_data(max_entries=32, show_spinner="Counting calls…")
def _report(key: tuple, _con, by: str, filters, costs, timezone: str) -> calls_view.CallsReport:
    return calls_view.report(_con, by, filters, costs, timezone)


def timezone_picker(ws, where) -> str:
    """The time zone hours and weekdays are read in; saved with the workspace when it is yours."""
    saved = (st.session_state.get(SESSION_TIMEZONE, {}).get(ws.key) if ws.read_only else None) \
        or calls_view.workspace_timezone(ws.con)
    if st.session_state.get("calls_timezone_of") != ws.key:  # another workspace: its own setting
        st.session_state["calls_timezone"], st.session_state["calls_timezone_of"] = saved, ws.key
    chosen = where.selectbox("Time zone", TIMEZONES, key="calls_timezone",
                             help="Hours and weekdays are in this time zone."
                                  + (" Kept for this visit (the demo data is read-only)." if ws.read_only
                                     else " Saved with your workspace."))
    if chosen != saved:
        if ws.read_only:
            st.session_state.setdefault(SESSION_TIMEZONE, {})[ws.key] = chosen
        else:
            rules.set_setting(ws.con, "timezone", chosen)
    return chosen


def current_costs(ws) -> pd.DataFrame:
    if ws.read_only:
        return st.session_state.get(SESSION_COSTS, {}).get(ws.key, costs_view.empty_costs())
    return costs_view.costs(ws.con)


def _keep(ws, frame: pd.DataFrame) -> pd.DataFrame:
    if ws.read_only:
        checked = costs_view.check_costs(frame, costs_view.known_channels(ws.con))
        st.session_state.setdefault(SESSION_COSTS, {})[ws.key] = checked
        return checked
    return costs_view.save_costs(ws.con, frame)


def cost_editor(ws) -> None:
    """The cost table: edit it, or load a CSV (which replaces it); saved on the button."""
    st.subheader("Costs")
    st.caption("What you spent, per period and channel or campaign (leave one blank to mean any). "
               "Each cost is shared evenly among the calls it brought in that period.")
    if ws.read_only:
        st.caption("On the demo data, costs are kept for this visit only. Upload your own data on the "
                   "Data page to keep them with your workspace.")
    version = st.session_state.setdefault("calls_costs_version", 0)  # a fresh editor after each save
    channels = costs_view.known_channels(ws.con)
    edited = st.data_editor(current_costs(ws), num_rows="dynamic", hide_index=True, width="stretch",
                            key=f"calls_costs_editor_{version}", column_config={
        "period_start": st.column_config.DateColumn("From", required=True, format="YYYY-MM-DD"),
        "period_end": st.column_config.DateColumn("To (inclusive)", required=True, format="YYYY-MM-DD"),
        "channel": st.column_config.SelectboxColumn("Channel", options=channels),
        "campaign": st.column_config.TextColumn("Campaign"),
        "cost": st.column_config.NumberColumn("Cost", min_value=0.0, format="%.2f", required=True)})
    upload = st.file_uploader("Or load costs from a CSV file (columns such as period_start, period_end, "
                              "channel, campaign, cost)", type=["csv", "txt"], key=f"calls_costs_csv_{version}")
    save = st.button("Save costs", key="calls_costs_save", type="primary")
    try:
        if upload is not None:
            kept = _keep(ws, costs_view.read_costs_csv(upload))
            st.session_state["calls_costs_message"] = f"Loaded {len(kept):,} cost rows from {upload.name}."
        elif save:
            kept = _keep(ws, edited)
            st.session_state["calls_costs_message"] = f"Saved {len(kept):,} cost rows."
        else:
            if message := st.session_state.pop("calls_costs_message", None):
                st.success(message)
            return
    except costs_view.CostError as problem:
        st.error(str(problem))
        return
    st.session_state["calls_costs_version"] = version + 1
    st.rerun()


# The calls table as grids.show() draws it: every number through journey_explorer.formats, so an
# answer rate reads "50.0%" beside "53.6%" (one decimal), money in the workspace's currency.
COLUMNS = {"calls": ("Calls", "count"), "answered": ("Answered", "count"), "missed": ("Not answered", "count"),
           "voicemail": ("To voicemail", "count"), "abandoned": ("Abandoned", "count"),
           "answer_rate": ("Answer rate", "percent"), "first_time_callers": ("First-time callers", "count"),
           "answered_first_time": ("Answered first-time calls", "count"),
           "median_duration_seconds": ("Typical answered call", "duration"), "conversions": ("Conversions", "count"),
           "value": ("Value", "money"), "cost": ("Cost", "money"), "cost_per_call": ("Cost per call", "money"),
           "cost_per_answered_first_time_call": ("Cost per answered first-time call", "money"),
           "roi": ("Value ÷ cost", "multiple")}


def table_columns(by: str, table: pd.DataFrame) -> dict:
    """name → (header, kind) for the columns of this calls table, in its order."""
    return {"group": (calls_view_label(by), "text")} | {c: COLUMNS[c] for c in table.columns if c in COLUMNS}


def show_table(table: pd.DataFrame, by: str, currency: str = "USD") -> None:
    grids.show(table, table_columns(by, table), currency=currency)


def calls_view_label(by: str) -> str:
    return {"landing_page": "Landing page", "tracking_number": "Tracking number", "hour": "Hour",
            "weekday": "Weekday"}.get(by, by.capitalize())
