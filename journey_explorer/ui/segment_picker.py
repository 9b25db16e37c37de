"""The Segments page's choice of segments: two to four defined with conditions, or a split by one
field. Definitions live in session state (so they survive a visit to another page) and in the
page address (?segments=… or ?split=…, so a copied link reopens the same comparison)."""
from __future__ import annotations

import json
import string

import streamlit as st

from journey_explorer import names
from journey_explorer.privacy import mask_pii
from journey_explorer.views import segments
from journey_explorer.views.segments import FIRST, Segment

from . import cache

MODES = ("Segments you define", "Split by one field")
# The demo's story: customers who call convert far more often than those who never do.
DEFAULT = [["Called us", ["kind=call"]], ["Never called", ["kind!=call"]]]
FIELDS = ("kind", "channel", "touchpoint", "stage", "campaign", "source", "medium")
HOW = {"=": "at some point", "!=": "never", FIRST: "on their first touchpoint"}


def label(field: str) -> str:
    if field.startswith(segments.CUSTOMER):   # a contact list's column, not a touchpoint's
        return field.removeprefix(segments.CUSTOMER).replace("_", " ").capitalize() + " (contact list)"
    return "Date" if field == "date" else field.removeprefix("attrs.").replace("_", " ").capitalize()


def describe(text: str) -> str:
    """A condition as its chip reads: "Had a call", "First came through Email"."""
    return describe_condition(segments.parse_segment_condition(text))


def describe_condition(condition) -> str:
    """describe() of a parsed condition (the sidebar's "Customers who" caption says the same)."""
    field = condition.field.removeprefix(FIRST)
    # names says =/!= on the journey columns best ("First came through Email"); comparisons such as
    # "Transaction value over 100", dates and fields are the segments module's.
    said = condition.op == "=" and names.describe(field, mask_pii(condition.value), condition.negate,
                                                  condition.field.startswith(FIRST))
    return said or segments.describe(condition)


# Widgets forget their state on other pages; these are put back from a copy kept under "<key>_kept".
KEPT = ("segments_mode", "segments_split", "segments_count")


def render(ws, key: tuple, filters) -> list[Segment]:
    """Draw the choice and return the segments (stops the page with a message when unusable)."""
    _from_url()
    state = st.session_state
    for name in KEPT:
        if name not in state and f"{name}_kept" in state:
            state[name] = state[f"{name}_kept"]
    chosen = _render(ws, key, filters)
    for name in KEPT:
        if name in state:
            state[f"{name}_kept"] = state[name]
    return chosen


def _render(ws, key: tuple, filters) -> list[Segment]:
    left, right = st.columns(2)
    mode = left.radio("Compare", MODES, key="segments_mode", horizontal=True,
                      help="Define segments with conditions, or let each value of one field be a segment.")
    attributes = cache.split_choices(key, ws.con)  # kept columns that can split, then customer fields
    if mode == MODES[1]:
        if st.session_state.get("segments_split") not in FIELDS + tuple(attributes):
            st.session_state.pop("segments_split", None)   # a link's field this workspace lacks
        by = right.selectbox("Split customers by", FIELDS + tuple(attributes),
                             index=1, key="segments_split", format_func=label,
                             help="Each customer counts under the value on their first touchpoint (or, for a "
                                  "contact-list field, on their contact); the "
                                  f"{segments.MAX_SEGMENTS} most common values are compared.")
        _to_url("split", by)
        try:
            return list(cache.split_segments(key, ws.con, filters, by))
        except ValueError as problem:
            st.info(str(problem))
            st.stop()
    count = right.radio("How many segments", (2, 3, 4), key="segments_count", horizontal=True)
    chosen = _defined(ws, key, count, FIELDS + tuple(attributes) + ("date",))
    _to_url("segments", json.dumps(st.session_state["segments_defs"][:len(chosen)]))
    return chosen


def _to_url(param: str, value: str) -> None:
    if st.query_params.get(param) != value:
        st.query_params[param] = value
    for other in {"split", "segments"} - {param}:
        if other in st.query_params:
            del st.query_params[other]


def _defined(ws, key: tuple, count: int, fields) -> list[Segment]:
    defs = st.session_state["segments_defs"]
    chosen = []
    for i, column in enumerate(st.columns(count)):
        if len(defs) <= i:
            defs.append([f"Segment {string.ascii_uppercase[i]}", []])
        # Widgets forget their state on other pages; the definitions are put back from defs.
        st.session_state.setdefault(f"segments_name_{i}", defs[i][0])
        st.session_state.setdefault(f"segments_where_{i}", list(defs[i][1]))
        with column.container(border=True):
            name = st.text_input("Name", key=f"segments_name_{i}").strip() or f"Segment {string.ascii_uppercase[i]}"
            where = st.multiselect("Customers who", st.session_state[f"segments_where_{i}"],
                                   key=f"segments_where_{i}", format_func=describe, placeholder="Everyone",
                                   help="A customer is in the segment when every condition holds. "
                                        "Remove one with its ×.")
            _condition_builder(ws, key, i, fields)
        defs[i] = [name, where]
        chosen.append(segments.segment(where, name))
    for seg in chosen:
        try:   # a link's condition on a column this workspace lacks: say so, not a traceback
            segments.check(ws.con, seg)
        except ValueError as problem:
            st.error(f"{seg.name}: {problem}")
            st.stop()
    if len({s.name for s in chosen}) < len(chosen):
        st.error("Give each segment a name of its own.")
        st.stop()
    return chosen


def _condition_builder(ws, key: tuple, i: int, fields) -> None:
    with st.popover("Add a condition", width="stretch"):
        field = st.selectbox("Field", fields, key=f"segments_field_{i}", format_func=label)
        st.radio("Customers who had it", list(HOW), key=f"segments_how_{i}", format_func=HOW.get)
        if field == "date":
            choices = cache.filter_choices(key, ws.con)
            st.date_input("Dates", value=(), key=f"segments_dates_{i}", min_value=choices["first"],
                          max_value=choices["last"])
        else:
            shown = (lambda v: names.readable(mask_pii(v))) if field == "touchpoint" else mask_pii
            st.selectbox("Value", cache.field_values(key, ws.con, field), key=f"segments_value_{i}",
                         format_func=shown, placeholder="Pick a value (most common first)")
        st.button("Add", key=f"segments_add_{i}", on_click=_add, args=(i,), type="primary")


def _add(i: int) -> None:
    state = st.session_state
    field, how = state[f"segments_field_{i}"], state[f"segments_how_{i}"]
    if field == "date":
        dates = state.get(f"segments_dates_{i}") or ()
        value = f"{dates[0]}..{dates[-1]}" if dates else None
    else:
        value = state.get(f"segments_value_{i}")
    if value is None:
        return
    text = f"{FIRST if how == FIRST else ''}{field}{'!=' if how == '!=' else '='}{value}"
    if text not in state[f"segments_where_{i}"]:
        state[f"segments_where_{i}"] = state[f"segments_where_{i}"] + [text]


def _from_url() -> None:
    """On a session's first visit, a shared link's segments become the page's; otherwise the
    demo's story (callers against everyone else)."""
    state = st.session_state
    if state.get("segments_from_url_done"):
        return
    state["segments_from_url_done"] = True
    state["segments_defs"] = [list(d) for d in DEFAULT]
    params = st.query_params
    if params.get("split"):
        state["segments_mode"], state["segments_split"] = MODES[1], params["split"]
    try:
        linked = json.loads(params.get("segments") or "[]")
        defs = [[str(name), [c for c in where if _valid(c)]] for name, where in linked][:segments.MAX_SEGMENTS]
    except (ValueError, TypeError):
        defs = []   # a hand-edited link that is not ours: show the default rather than fail
    if len(defs) >= 2:
        state["segments_defs"], state["segments_count"] = defs, len(defs)


def _valid(text) -> bool:
    try:
        segments.parse_segment_condition(str(text))
    except ValueError:
        return False
    return True
