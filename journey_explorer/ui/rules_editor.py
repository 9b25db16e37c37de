"""Data page: edit the channel, conversion and stage rules and re-apply them."""
from __future__ import annotations

import streamlit as st

from journey_explorer import db, rules

TABS = {"channel": "Channels", "conversion": "Conversions", "stage": "Stages"}
HELP = {
    "channel": "The first rule that matches a touchpoint's kind, source, medium and campaign names its channel.",
    "conversion": "A touchpoint whose name matches a pattern (for its kind) counts as a conversion.",
    "stage": "The first matching rule names the stage. Journey part: before conversion, first "
             "conversion, repeat conversion or after conversion.",
}


def render(ws) -> None:
    st.subheader("Rules")
    st.caption("Patterns are regular expressions, not case-sensitive; a blank cell matches anything.")
    edited = {}
    for tab, name in zip(st.tabs(list(TABS.values())), TABS):
        with tab:
            st.caption(HELP[name])
            edited[name] = st.data_editor(rules.get_rules(ws.con, name), num_rows="dynamic",
                                          disabled=ws.read_only, width="stretch",
                                          hide_index=True, key=f"rules_{name}")
    if ws.read_only:
        st.caption("The demo's rules are read-only. Upload your own data to get rules you can edit.")
        return
    apply, reset = st.columns([1, 4])
    if apply.button("Apply rules", type="primary", key="rules_apply"):
        _apply(ws, edited)
    if reset.button("Reset to defaults", key="rules_reset"):
        _apply(ws, {name: rules.default_rules(name) for name in TABS})


def _apply(ws, tables) -> None:
    try:
        with st.spinner("Recomputing channels, conversions and stages…"), db.transaction(ws.con):
            for name, table in tables.items():
                rules.save_rules(ws.con, name, table)
            rules.apply_rules(ws.con)
    except rules.RuleError as exc:
        st.error(str(exc))
    else:
        st.success("Rules applied: every page now uses them.")
