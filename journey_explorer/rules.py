"""Workspace rules and settings, and applying them to build touchpoints and steps."""
from __future__ import annotations

import contextlib
import secrets

import duckdb
import pandas as pd

from . import db
from .model import (DEFAULT_CHANNEL_RULES, DEFAULT_CONVERSION_RULES, DEFAULT_SETTINGS, DEFAULT_STAGE_RULES,
                    JOURNEY_PARTS, KINDS, STAGES, TECHNICAL_EVENTS, did_you_mean)

RULE_COLUMNS = {
    "channel": ["channel", "kind", "source", "medium", "campaign"],
    "conversion": ["kind", "touchpoint"],
    "stage": ["stage", "kind", "touchpoint", "journey_part"],
}
PATTERN_COLUMNS = {"channel": ["source", "medium", "campaign"], "conversion": ["touchpoint"],
                   "stage": ["touchpoint"]}
DEFAULTS = {"channel": DEFAULT_CHANNEL_RULES, "conversion": DEFAULT_CONVERSION_RULES,
            "stage": DEFAULT_STAGE_RULES}


class RuleError(ValueError):
    """A rule a user wrote that cannot be applied; the message says which and why."""


def install_default_rules(con) -> None:
    """Fill empty rule tables and missing settings (a new workspace gets the defaults)."""
    counts = db.rows(con, "rules/count_rules")[0]
    for name, count in zip(("channel", "conversion", "stage"), counts):
        if count == 0:
            _save(con, name, default_rules(name))
    for key, value in {**DEFAULT_SETTINGS, "id_salt": secrets.token_hex(8)}.items():
        db.run(con, "rules/default_setting", key=key, value=value)


def default_rules(name: str) -> pd.DataFrame:
    return pd.DataFrame(DEFAULTS[name], columns=RULE_COLUMNS[name])


def get_rules(con, name: str) -> pd.DataFrame:
    return db.frame(con, f"rules/{name}_rules")


def save_rules(con, name: str, rules: pd.DataFrame) -> None:
    """Check and store one rule table (call apply_rules afterwards to see the effect)."""
    _save(con, name, check_rules(con, name, rules))
    set_setting(con, "rules_version", secrets.token_hex(4))


def _save(con, name: str, rules: pd.DataFrame) -> None:
    con.register("rules_input", rules)
    try:
        db.run(con, f"rules/save_{name}_rules")
    finally:
        con.unregister("rules_input")


def check_rules(con, name: str, rules: pd.DataFrame) -> pd.DataFrame:
    """Blank cells mean "any"; every pattern must compile; names must be known ones."""
    cols = RULE_COLUMNS[name]
    rules = rules.reindex(columns=cols)  # a column left out means "any" for every rule
    label = {"channel": "channel", "conversion": "touchpoint", "stage": "stage"}[name]
    # Editors hand back NaN, None or "" for an empty cell: all mean "any".
    records = [{c: None if pd.isna(v) or not str(v).strip() else str(v).strip() for c, v in zip(cols, row)}
               for row in rules[cols].itertuples(index=False)]
    records = [r for r in records if r[label] is not None]
    for i, row in enumerate(records):
        where = f"{name} rule {i + 1}"
        if row["kind"] is not None and row["kind"] not in KINDS:
            raise RuleError(f'In {where}, kind "{row["kind"]}" is not one of {", ".join(KINDS)}.'
                            + did_you_mean(row["kind"], KINDS))
        if name == "stage":
            if row["stage"] not in STAGES:
                raise RuleError(f'In {where}, "{row["stage"]}" is not a stage ({" → ".join(STAGES)}).'
                                + did_you_mean(row["stage"], STAGES))
            if row["journey_part"] is not None and row["journey_part"] not in JOURNEY_PARTS:
                raise RuleError(f'In {where}, journey part "{row["journey_part"]}" should be one of '
                                f'{", ".join(JOURNEY_PARTS)} or blank.'
                                + did_you_mean(row["journey_part"], JOURNEY_PARTS))
        for col in PATTERN_COLUMNS[name]:
            if row[col] is not None:
                try:
                    db.rows(con, "rules/check_pattern", pattern=row[col])
                except duckdb.Error as exc:
                    raise RuleError(f'In {where}, the {col} pattern "{row[col]}" is not a valid '
                                    f"regular expression ({str(exc).splitlines()[0]}).") from None
    return pd.DataFrame(records, columns=cols, dtype="object")


def add_conversions(con, names: list[str]) -> bool:
    """Mark touchpoints with exactly these names as conversions, on top of the rules; True when
    that changed the rules (so every journey needs them applied again)."""
    if not names:
        return False
    rules = get_rules(con, "conversion")
    extra = pd.DataFrame({"kind": None, "touchpoint": [f"^{regex_escape(n)}$" for n in names]})
    combined = pd.concat([rules, extra], ignore_index=True).drop_duplicates()
    if len(combined) == len(rules):
        return False
    save_rules(con, "conversion", combined)
    return True


def regex_escape(text: str) -> str:
    return "".join("\\" + ch if ch in r"\^$.|?*+()[]{}" else ch for ch in text)


def settings(con) -> dict[str, str]:
    return dict(db.rows(con, "rules/settings"))


def set_setting(con, key: str, value: str) -> None:
    db.run(con, "rules/set_setting", key=key, value=str(value))


def apply_rules(con, scoped: bool = False) -> None:
    """Rebuild touchpoints, steps and step nodes from events, identities and the current rules
    (scoped: only the journeys of the customers in id_scope, replacing those in id_touched)."""
    minutes = int(settings(con).get("session_timeout_minutes", 30))
    if not scoped:
        db.run(con, "model/empty_scope")
    rows = db.relation(con, "model/touchpoint_rows", session_minutes=minutes, technical=list(TECHNICAL_EVENTS),
                       scoped=scoped)
    db.write_rows(con, rows, "touchpoints", forget="model/forget_touched" if scoped else None)
    if db.has_table(con, "steps"):
        db.run(con, "model/drop_steps_table")
    db.run(con, "model/steps")
    db.run(con, "model/step_nodes")
    build_derived(con, scoped)


# Tables built from touchpoints with it, so that views which would otherwise sort or group every
# journey each time they open read them instead (queries/model/<table>.sql, each per customer so
# that an append rebuilds only its customers' rows). Views read them when nothing is filtered.
DERIVED_TABLES = ("visible_steps", "customer_firsts", "call_rows", "call_emails", "attribution_journeys")
DERIVED_SLICE_ROWS = 2_000_000


def build_derived(con, scoped: bool = False) -> None:
    """(Re)build DERIVED_TABLES from touchpoints; scoped: only the rows of the customers an append
    touched (a table an older version did not make is built whole). A whole build goes a slice
    of customers at a time (DERIVED_SLICE_ROWS touchpoints or so each), within the memory budget."""
    slices = max(1, -(-db.scalar(con, "model/totals") // DERIVED_SLICE_ROWS))
    try:
        if scoped:  # tables an older version did not make are built whole below
            con.register("derived_input", db.relation(con, "model/scoped_input"))
            for table in [t for t in DERIVED_TABLES if db.has_table(con, t)]:
                db.write_rows(con, db.relation(con, f"model/{table}"), table, forget=f"model/forget_{table}")
        missing = [t for t in DERIVED_TABLES if not (scoped and db.has_table(con, t))]
        for part in range(slices if missing else 0):
            con.register("derived_input", db.relation(con, "model/input_part", parts=slices, part=part))
            for table in missing:
                rows = db.relation(con, f"model/{table}")
                if part == 0:
                    db.write_rows(con, rows, table)
                else:
                    rows.insert_into(table)
    finally:
        with contextlib.suppress(duckdb.Error):  # a failed build aborted the transaction: keep its error
            con.unregister("derived_input")


def derived(con, table: str, filters=None) -> bool:
    """Whether a view may read `table` (DERIVED_TABLES) instead of computing it from `scope`:
    nothing is filtered, and the workspace has it (one made by an older version may not yet)."""
    return (filters is None or filters.is_empty()) and db.has_table(con, table)
