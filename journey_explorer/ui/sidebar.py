"""The sidebar every page shares: which workspace, and the filters."""
from __future__ import annotations

import streamlit as st

from . import cache, state


def render() -> None:
    ws = state.workspace()
    with st.sidebar:
        _workspace_box(ws)
        _filters(ws)


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
    choices = cache.filter_choices(cache.version(ws), ws.con)
    st.subheader("Filters")
    st.caption("Every page shows only the touchpoints these keep.")
    if choices["first"] is not None:
        st.date_input("Dates", value=(), min_value=choices["first"], max_value=choices["last"],
                      key="flt_dates", help="Leave empty for all dates.")
    st.multiselect("Kind", choices["kinds"], key="flt_kinds", placeholder="All kinds")
    st.multiselect("Channel", choices["channels"], key="flt_channels", placeholder="All channels")
