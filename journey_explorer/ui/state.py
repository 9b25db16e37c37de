"""Which workspace this browser session looks at, and the filters it has chosen.

Each session gets its own connection; only the read-only demo database is shared (through
st.cache_resource). Every script run reads through a cursor of its own (see workspace()).
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, replace
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from journey_explorer import db
from journey_explorer import workspace as ws
from journey_explorer.filters import Condition, Filters
from journey_explorer.views import segments

KEY = "workspace"


@dataclass
class Workspace:
    key: str            # "demo", a workspace id, or a file path (serve --db)
    label: str
    read_only: bool
    con: object         # this script run's own cursor (see workspace())
    id: str | None = None
    base: object = None     # the session's connection the cursors come from
    thread: int | None = None


@st.cache_resource(show_spinner="Building the demo workspace from the sample data (first start only)…")
def demo_database():
    return ws.connect(ws.ensure_demo(), read_only=True)


def _initial() -> Workspace:
    wanted = st.query_params.get("ws")
    if wanted and ws.workspace_exists(wanted):
        return open_user_workspace(wanted)
    if os.environ.get("JOURNEY_EXPLORER_DB"):
        path = Path(os.environ["JOURNEY_EXPLORER_DB"])
        return Workspace(str(path), path.name, False, ws.connect(path))
    return demo_workspace()


def demo_workspace() -> Workspace:
    # The shared connection itself: workspace() gives each run its own cursor of it.
    return Workspace("demo", "Demo data", True, demo_database())


def open_user_workspace(workspace_id: str) -> Workspace:
    return Workspace(workspace_id, "Your workspace", False, ws.open_workspace(workspace_id), workspace_id)


def workspace() -> Workspace:
    _inside_the_app()
    if KEY not in st.session_state:
        st.session_state[KEY] = _initial()
    current = st.session_state[KEY]
    # A widget change starts a new run (a new thread) while the old one may still be inside a
    # DuckDB call, and a connection serves one call at a time: each run gets its own cursor.
    if current.thread != threading.get_ident():
        base = current.base or current.con
        current = replace(current, base=base, con=db.cursor(base), thread=threading.get_ident())
        st.session_state[KEY] = current
    # Streamlit clears query parameters on a page change; the link must keep naming the workspace.
    if current.id and st.query_params.get("ws") != current.id:
        st.query_params["ws"] = current.id
    return current


def _inside_the_app() -> None:
    """Make a page opened by its own link right after the server starts run inside app.py.

    Beside a pages/ folder, Streamlit runs the first sessions as an old-style multipage app
    until app.py's st.navigation has run once, so /journeys?… would show the page alone: no
    navigation, no sidebar, its filters ignored. Streamlit drops that mode when st.navigation
    runs; dropping it here and running again sends this run through app.py too.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def switch_to(new: Workspace) -> None:
    st.session_state[KEY] = new
    if new.id:
        st.query_params["ws"] = new.id
    elif "ws" in st.query_params:
        del st.query_params["ws"]


def writable_workspace() -> Workspace:
    """The session's own workspace, created on first need (e.g. the first upload on the demo)."""
    current = workspace()
    if current.read_only:
        current = open_user_workspace(ws.new_workspace_id())
        switch_to(current)
    return current


def filters() -> Filters:
    """The sidebar's filters (sensible empty defaults when a page runs on its own)."""
    state = st.session_state
    where = [Condition("kind", k) for k in state.get("flt_kinds", [])]
    where += [Condition("channel", c) for c in state.get("flt_channels", [])]
    if state.get("flt_attr"):
        where += [Condition(f"attrs.{state['flt_attr']}", v) for v in state.get("flt_attr_values", [])]
    dates = state.get("flt_dates") or ()
    try:
        segment = segments.parse_segment_text(state.get("flt_segment"))
    except ValueError:
        segment = None  # the sidebar says what is wrong with it
    return Filters(tuple(where), dates[0] if len(dates) > 0 else None, dates[1] if len(dates) > 1 else None,
                   segment)
