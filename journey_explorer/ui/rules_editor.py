"""Data page: edit the channel, conversion and stage rules, the page names and the currency.

Each pattern is shown as a condition picked from a list (equals, contains, starts with, is one
of) and a value; the rules keep storing regular expressions, compiled from the conditions on
Apply. A pattern no simple condition says is shown as "matches pattern (advanced)", and the
regular expressions themselves are one toggle away.
"""
from __future__ import annotations

import secrets

import pandas as pd
import streamlit as st

from journey_explorer import conditions, db, formats, names, rules
from journey_explorer.model import JOURNEY_PARTS, KINDS, STAGES

TABS = {"channel": "Channels", "conversion": "Conversions", "stage": "Stages"}
HELP = {
    "channel": "The first rule that matches a touchpoint's kind, source, medium and campaign names its channel.",
    "conversion": "A touchpoint whose name matches (for its kind) counts as a conversion.",
    "stage": "The first matching rule names the stage. Journey part: before conversion, first "
             "conversion, repeat conversion or after conversion.",
}
LABELS = {"channel": "Channel", "kind": "Kind", "source": "Source", "medium": "Medium", "campaign": "Campaign",
          "touchpoint": "Touchpoint", "stage": "Stage", "journey_part": "Journey part", "path": "Page path",
          "name": "Page name"}
ANY = "any"     # a blank kind or journey part: the grid shows an empty choice as "None"
CHOICES = {"kind": [ANY, *KINDS], "stage": list(STAGES), "journey_part": [ANY, *JOURNEY_PARTS]}
FOLLOW_COUNTRY = ""
VALUE_HELP = ("Separate several values with commas (contains, starts with, ends with, is one of). In “is one "
              "of”, * stands for anything: paid* is every value that starts with paid; (blank) is an empty value.")


def _config(table: pd.DataFrame) -> dict:
    """Dropdowns for conditions, kinds, stages and journey parts; friendly headers."""
    config = {}
    for column in table.columns:
        field = column.removesuffix("_op").removesuffix("_value")
        if column.endswith("_op"):
            config[column] = st.column_config.SelectboxColumn(f"{LABELS[field]}", options=list(conditions.OPERATORS),
                                                              required=True, default=conditions.ANY)
        elif column.endswith("_value"):
            config[column] = st.column_config.TextColumn(f"{LABELS[field]}: value", help=VALUE_HELP)
        elif column in CHOICES:
            config[column] = st.column_config.SelectboxColumn(LABELS[column], options=CHOICES[column])
        else:
            config[column] = st.column_config.TextColumn(LABELS.get(column, column))
    return config


def render(ws) -> None:
    st.subheader("Rules")
    advanced = st.toggle("Show patterns as regular expressions (advanced)", key="rules_advanced")
    st.caption("Conditions are not case-sensitive; “anything” and a blank cell match every value. A rule no "
               "condition says exactly is shown as a pattern (advanced)."
               if not advanced else "Patterns are regular expressions, not case-sensitive; a blank cell matches anything.")
    edited = {}
    tabs = st.tabs([*TABS.values(), "Page names", "Currency"])
    for tab, name in zip(tabs, TABS):
        with tab:
            st.caption(HELP[name])
            stored = rules.get_rules(ws.con, name)
            shown = (stored.astype(object).where(stored.notna(), "") if advanced   # a blank cell, not "None"
                     else conditions.as_conditions(stored, rules.PATTERN_COLUMNS[name]))
            shown = shown.assign(**{c: shown[c].replace("", ANY) for c in ("kind", "journey_part") if c in shown})
            table = st.data_editor(shown, num_rows="dynamic", disabled=ws.read_only, width="stretch",
                                   hide_index=True, key=f"rules_{name}{'_regex' if advanced else ''}",
                                   column_config=_config(shown))
            edited[name] = table if advanced else (table, name)
    with tabs[-2]:
        st.caption("Page views are named after their page: “page_view /pricing” reads “Viewed pricing page”. "
                   "The first rule whose path matches names the page; * in a name is the page's own name from "
                   "its address. Pages no rule names are named after the last part of their address.")
        pages = page_names_table(names.page_rules(rules.settings(ws.con)))
        edited["pages"] = st.data_editor(pages, num_rows="dynamic", disabled=ws.read_only, width="stretch",
                                         hide_index=True, key="rules_pages", column_config=_config(pages))
    with tabs[-1]:
        edited["currency"] = _currency(ws)
    if ws.read_only:
        st.caption("The demo's rules are read-only. Upload your own data to get rules you can edit.")
        return
    apply, reset = st.columns([1, 4])
    if apply.button("Apply rules", type="primary", key="rules_apply"):
        _apply(ws, edited)
    if reset.button("Reset to defaults", key="rules_reset"):
        _apply(ws, {name: rules.default_rules(name) for name in TABS}
               | {"pages": page_names_table(names.DEFAULT_PAGE_NAMES), "currency": FOLLOW_COUNTRY})


def page_names_table(page_rules) -> pd.DataFrame:
    plain = names.editable_page_rules(page_rules)
    return pd.DataFrame({"path_op": [c.op for c, _ in plain], "path_value": [c.value for c, _ in plain],
                         "name": [n for _, n in plain]}, columns=["path_op", "path_value", "name"])


def _currency(ws) -> str:
    settings = rules.settings(ws.con)
    country = formats.COUNTRY_CURRENCY.get(settings.get("default_country", "US"), "USD")
    saved = str(settings.get("currency") or FOLLOW_COUNTRY)
    options = list(dict.fromkeys([FOLLOW_COUNTRY, *formats.CURRENCIES, saved]))
    return st.selectbox("Values are in", options, index=options.index(saved), disabled=ws.read_only,
                        key="rules_currency",
                        format_func=lambda c: c or f"The default country's currency ({country})",
                        help="Revenue and call values are shown in this currency (nothing is converted).")


def compiled(edited: dict) -> tuple[dict, tuple, str]:
    """The editors' tables → rule tables (regexes), page-name rules and the currency."""
    tables = {}
    for name in TABS:
        table, plain = (edited[name][0], True) if isinstance(edited[name], tuple) else (edited[name], False)
        table = table.replace({c: {ANY: ""} for c in ("kind", "journey_part") if c in table})
        tables[name] = (conditions.from_conditions(table, rules.RULE_COLUMNS[name], rules.PATTERN_COLUMNS[name],
                                                   f"{name} rule") if plain else table)
    pages = edited["pages"]
    rows = [(conditions.Condition(r.get("path_op") or conditions.ANY, r.get("path_value") or ""), r.get("name"))
            for r in pages.to_dict("records")]
    return tables, names.check_page_rules(rows), edited["currency"] or FOLLOW_COUNTRY


def _apply(ws, edited: dict) -> None:
    try:
        tables, page_rules, currency = compiled(edited)
        with st.spinner("Recomputing channels, conversions and stages…"), db.transaction(ws.con):
            for name, table in tables.items():
                rules.save_rules(ws.con, name, table)
            rules.set_setting(ws.con, names.PAGE_NAMES_SETTING, names.page_rules_setting(page_rules))
            rules.set_setting(ws.con, "currency", currency)
            rules.set_setting(ws.con, "rules_version", secrets.token_hex(4))
            rules.apply_rules(ws.con)
    except (rules.RuleError, conditions.ConditionError) as exc:
        st.error(str(exc))
    else:
        st.success("Rules applied: every page now uses them.")
