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

from journey_explorer import db, recovery
from journey_explorer import workspace as ws
from journey_explorer.filters import Condition, Filters
from journey_explorer.views import segments

KEY = "workspace"
MISSING = "workspace_missing"   # the id of a link's workspace that does not exist


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
    if wanted:
        st.session_state[MISSING] = wanted   # said on the page, never silently the demo
    if os.environ.get("JOURNEY_EXPLORER_DB"):
        path = Path(os.environ["JOURNEY_EXPLORER_DB"])
        return Workspace(str(path), path.name, False, _connect(path))
    return demo_workspace()


def demo_workspace() -> Workspace:
    # The shared connection itself: workspace() gives each run its own cursor of it.
    return Workspace("demo", "Demo data", True, demo_database())


def open_user_workspace(workspace_id: str) -> Workspace:
    return Workspace(workspace_id, "Your workspace", False,
                     _connect(ws.workspace_dir(workspace_id) / "workspace.duckdb"), workspace_id)


def _connect(path: Path):
    """workspace.connect for this session (its connection is shared with no other session, the
    database is): what a user should know is said on the page, never as a traceback."""
    try:
        con = ws.connect(path)
    except db.DatabaseBusy as busy:  # e.g. a `journey-explorer load` on it right now
        st.error(str(busy))
        st.stop()
    note = recovery.pop_note(path)
    if note:
        st.toast(note, icon=":material/healing:", duration="long")
    return con


def workspace() -> Workspace:
    _inside_the_app()
    if KEY not in st.session_state:
        st.session_state[KEY] = _initial()
    if st.session_state.get(MISSING):
        _say_missing()
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


def _say_missing() -> None:
    """A link to a workspace that is not here: say so and offer the demo, show nothing else."""
    st.warning("This link is to a workspace that does not exist here: it may have been deleted, or the "
               "link was copied only in part. Ask for the link again, or look at the demo data.")
    if st.button("Open the demo data", key="ws_open_demo", type="primary"):
        del st.session_state[MISSING]
        switch_to(demo_workspace())
        st.rerun()
    st.stop()


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
        if segment is not None:
            segments.check(workspace().con, segment)
    except ValueError:
        segment = None  # the sidebar says what is wrong with it
    return Filters(tuple(where), dates[0] if len(dates) > 0 else None, dates[1] if len(dates) > 1 else None,
                   segment)


# ------------------------------------------------------------- page settings in the address
# A page names its widgets' keys (prefixed with the page: journeys_depth) and what each holds;
# the address carries them as ?journeys_depth=7, so a copied link opens the same view. A link's
# value is read once per session; after that the widget's own state (or, after a visit to
# another page, which makes Streamlit forget it, the copy kept here) is the value.
KINDS = {"text": str, "int": int, "list": list, "bool": bool, "date": "date"}
KEPT, READ = "page_settings_kept", "page_settings_read"


def linked_settings(settings: dict[str, str]) -> None:
    """Before the widgets: give each key (→ its kind, one of KINDS) the value of the link that
    opened the session, else the one it had on the page's last visit."""
    state, params = st.session_state, st.query_params
    kept, read = state.setdefault(KEPT, {}), state.setdefault(READ, set())
    for key, kind in settings.items():
        if key in state:
            continue
        value = None
        if key not in read and key in params:
            value = _parse(params.get_all(key), kind)
        read.add(key)
        if value is None and key in kept:
            value = kept[key]
        if value is not None:
            state[key] = value


def _parse(values: list[str], kind: str):
    try:
        if kind == "list":
            return [v for v in values if v]
        text = values[-1]
        if kind == "int":
            return int(text)
        if kind == "bool":
            return text == "1"
        if kind == "date":
            import pandas as pd
            return pd.Timestamp(text)
        return text
    except (ValueError, IndexError):
        return None   # a hand-edited link: the widget's default rather than a failure


def _text(value, kind: str) -> list[str] | str:
    if kind == "list":
        return [str(v) for v in value] or [""]   # "": nothing chosen (not the default)
    if kind == "bool":
        return "1" if value else "0"
    if kind == "date":
        return f"{value:%Y-%m-%d}"
    return str(value)


def settings_to_url(prefix: str, settings: dict[str, str]) -> None:
    """After the widgets: keep their values for the next visit and put them in the address
    (dropping the page's parameters this run did not use, e.g. another dimension's)."""
    state, params = st.session_state, st.query_params
    kept = state.setdefault(KEPT, {})
    for key, kind in settings.items():
        if key not in state or state[key] is None:
            kept.pop(key, None)
            if key in params:
                del params[key]
            continue
        kept[key] = state[key]
        wanted = _text(state[key], kind)
        if (params.get_all(key) if kind == "list" else params.get(key)) != wanted:
            params[key] = wanted
    for stale in [k for k in params if k.startswith(prefix) and k not in settings]:
        del params[stale]


def keep_valid(key: str, options) -> None:
    """Drop a remembered choice (from a link, or another dimension) the widget no longer offers:
    a list keeps its valid items, a single choice goes."""
    state = st.session_state
    if key not in state:
        return
    allowed = set(options)
    if isinstance(state[key], list):
        kept = [v for v in state[key] if v in allowed]
        if kept != state[key]:
            state[key] = kept
    elif state[key] is not None and state[key] not in allowed:
        del state[key]


def keep_within(key: str, low, high) -> None:
    """A remembered number put back inside a slider's range."""
    if key in st.session_state and st.session_state[key] is not None:
        st.session_state[key] = min(max(st.session_state[key], low), high)
