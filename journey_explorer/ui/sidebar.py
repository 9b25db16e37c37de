"""The sidebar every page shares: which workspace, and the filters (kept in the URL)."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from ..privacy import mask_pii
from ..views import segments
from . import cache, contact_details, report_button, state

# URL parameter → session key. Values are comma-separated (one value for TEXT_KEYS); dates
# are YYYY-MM-DD.
URL_KEYS = {"kind": "flt_kinds", "channel": "flt_channels", "attr": "flt_attr", "value": "flt_attr_values",
            "customers": "flt_segment"}
TEXT_KEYS = ("flt_attr", "flt_segment")


def render() -> None:
    ws = state.workspace()
    _filters_from_url()
    with st.sidebar:
        _workspace_box(ws)
        _filters(ws)
        contact_details.checkbox()
        report_button.render(ws)
    _filters_to_url()


def _workspace_box(ws) -> None:
    if ws.read_only:
        st.info("**Demo data** (read-only): an outdoor-gear shop's web, call and email exports. "
                "Drop your own files on the Data page to start a private workspace.")
    else:
        st.success(f"**{ws.label}**")
        if ws.id:
            st.caption("Share this workspace: copy the page address (it ends in `?ws=…`). "
                       "Anyone with the link sees the same data.")
            if st.button("Back to the demo data", key="ws_back_to_demo"):
                state.switch_to(state.demo_workspace())
                st.rerun()


def _filters(ws) -> None:
    key = cache.version(ws)
    choices = cache.filter_choices(key, ws.con)
    st.subheader("Filters")
    st.caption("Every page shows only the touchpoints these keep. The page address keeps them too.")
    if choices["first"] is not None:
        # A link's dates are the widget's first value (clamped to the data); after that the widget
        # keeps its own state. A tuple value keeps it a range picker.
        linked = tuple(min(max(d, choices["first"]), choices["last"])
                       for d in st.session_state.pop("flt_dates_from_url", ()))
        st.date_input("Dates", value=linked, key="flt_dates", min_value=choices["first"],
                      max_value=choices["last"], help="Leave empty for all dates.")
    _keep_valid("flt_kinds", choices["kinds"].__contains__)
    st.multiselect("Kind", choices["kinds"], key="flt_kinds", placeholder="All kinds")
    _keep_valid("flt_channels", choices["channels"].__contains__)
    st.multiselect("Channel", choices["channels"], key="flt_channels", placeholder="All channels")
    if choices["attributes"]:
        if st.session_state.get("flt_attr") not in choices["attributes"]:
            st.session_state.pop("flt_attr", None)
        name = st.selectbox("Attribute", choices["attributes"], key="flt_attr", index=None,
                            placeholder="Any attribute (device, country, …)")
        if name:
            values = cache.attribute_values(key, ws.con, name)
            _keep_valid("flt_attr_values", values.__contains__)
            st.multiselect(f"{name} is", values, key="flt_attr_values", placeholder="Any value",
                           format_func=mask_pii)  # e.g. a tracking number: a phone number on screen
    _segment(ws)


def _segment(ws) -> None:
    text = st.text_input("Customers who", key="flt_segment", placeholder="e.g. kind=call; first.channel=Email",
                         help="Keep whole journeys of the customers who match every condition (separate "
                              "them with ;): kind=call (had a call), kind!=call (never had one), "
                              "first.channel=Paid Search (on their first touchpoint), device=mobile (a column "
                              "of your file), attrs.transaction_value>100, customer.plan=pro (a contact-list "
                              "field), date=2024-01-01..2024-03-31 (active then).")
    try:
        chosen = segments.parse_segment_text(text)
        if chosen is not None:
            segments.check(ws.con, chosen)   # names only the data knows: device=mobile, customer.plan
    except ValueError as problem:
        st.error(str(problem))
        return
    if chosen is not None:
        st.caption(" · ".join(segments.describe(c) for c in chosen.where))


def _keep_valid(key: str, valid) -> None:
    """Drop remembered values (from a link, or another workspace) the widget no longer offers."""
    if key in st.session_state:
        kept = [v for v in st.session_state[key] or () if valid(v)]
        if kept != list(st.session_state[key] or ()):
            st.session_state[key] = kept


def _filters_from_url() -> None:
    """On a session's first run, a shared link's filters become the widgets' values."""
    if st.session_state.get("flt_from_url_done"):
        return
    st.session_state["flt_from_url_done"] = True
    params = st.query_params
    for param, key in URL_KEYS.items():
        if params.get(param):
            values = [v for v in params[param].split(",") if v]
            st.session_state[key] = params[param] if key in TEXT_KEYS else values
    try:
        dates = [dt.date.fromisoformat(params[p]) for p in ("from", "to") if params.get(p)]
    except ValueError:
        dates = []  # a hand-edited link with a bad date: show all dates rather than fail
    if dates:
        st.session_state["flt_dates_from_url"] = tuple(dates)


def _filters_to_url() -> None:
    state_ = st.session_state
    wanted = {param: (state_.get(key) or "").strip() if key in TEXT_KEYS else ",".join(state_.get(key) or [])
              for param, key in URL_KEYS.items()}
    dates = state_.get("flt_dates") or ()
    wanted["from"] = dates[0].isoformat() if len(dates) > 0 else ""
    wanted["to"] = dates[1].isoformat() if len(dates) > 1 else ""
    for param, value in wanted.items():
        if value and st.query_params.get(param) != value:
            st.query_params[param] = value
        elif not value and param in st.query_params:
            del st.query_params[param]
