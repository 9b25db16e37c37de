"""Rule conditions a marketer picks from a list (equals, contains, starts with, is one of) and
the regular expressions the rules store. Rules stay regexes (the model and the CLI read them);
the editor shows each one as the simplest condition that says the same, and a regex it cannot
say plainly as "matches pattern" (the advanced option).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

ANY, EQUALS, CONTAINS, STARTS, ONE_OF, PATTERN = ("anything", "equals", "contains", "starts with", "is one of",
                                                  "matches pattern (advanced)")
OPERATORS = (ANY, EQUALS, CONTAINS, STARTS, ONE_OF, PATTERN)
BLANK = "(blank)"   # in "is one of": an empty value counts too
SPECIAL = set(r"\^$.|?*+()[]{}")


@dataclass(frozen=True)
class Condition:
    op: str = ANY
    value: str = ""


class ConditionError(ValueError):
    """A condition that cannot become a rule; the message says what to do."""


def escape(text: str) -> str:
    """A literal for DuckDB's (RE2) regexes: only its special characters are escaped."""
    return "".join("\\" + ch if ch in SPECIAL else ch for ch in text)


def items(value: str) -> list[str]:
    """"a, b , c" → ['a', 'b', 'c'] (the values of "is one of")."""
    return [v.strip() for v in str(value or "").split(",") if v.strip()]


def to_regex(condition: Condition) -> str | None:
    """The stored pattern for a condition (None: the rule matches anything here)."""
    op, value = condition.op or ANY, str(condition.value or "").strip()
    if op == ANY:
        return None
    if op == PATTERN:
        return value or None
    if op == ONE_OF:
        values = items(value)
        named = [escape(v) for v in values if v != BLANK]
        if not named:
            raise ConditionError(f'"{value}" names no values; separate them with commas, e.g. google, bing.')
        return f"^({'|'.join(named)}){'?' if BLANK in values else ''}$"
    if not value:
        raise ConditionError(f'"{op}" needs a value to compare with.')
    return {EQUALS: f"^{escape(value)}$", CONTAINS: escape(value), STARTS: f"^{escape(value)}"}[op]


def _literal(text: str) -> str | None:
    """The text a regex fragment matches literally, or None when it is more than a literal."""
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in SPECIAL:
            out.append(text[i + 1])
            i += 2
        elif ch in SPECIAL:
            return None
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _alternatives(text: str) -> list[str] | None:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        escaped = i > 0 and text[i - 1] == "\\"
        if ch == "(" and not escaped:
            depth += 1
        elif ch == ")" and not escaped:
            depth -= 1
        elif ch == "|" and not escaped and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    literals = [_literal(p) for p in parts + [text[start:]]]
    return None if any(v is None or "," in v for v in literals) else literals


ONE_OF_REGEX = re.compile(r"^\^\((?P<body>.*)\)(?P<blank>\?)?\$$")


def from_regex(pattern: str | None) -> Condition:
    """The plainest condition that stores exactly this pattern (PATTERN when none does)."""
    if pattern is None or not str(pattern).strip():
        return Condition(ANY)
    pattern = str(pattern).strip()
    plain = _plain(pattern)
    return plain if plain is not None and to_regex(plain) == pattern else Condition(PATTERN, pattern)


def _plain(pattern: str) -> Condition | None:
    match = ONE_OF_REGEX.match(pattern)
    if match and (values := _alternatives(match["body"])) is not None and all(values):
        values += [BLANK] if match["blank"] else []
        return Condition(EQUALS, values[0]) if len(values) == 1 else Condition(ONE_OF, ", ".join(values))
    anchored_start, anchored_end = pattern.startswith("^"), pattern.endswith("$") and not pattern.endswith("\\$")
    body = _literal(pattern[int(anchored_start):len(pattern) - int(anchored_end)])
    if body:
        if anchored_start and anchored_end:
            return Condition(EQUALS, body)
        if anchored_start:
            return Condition(STARTS, body)
        if not anchored_end:
            return Condition(CONTAINS, body)
    return None


def describe(condition: Condition) -> str:
    """"starts with /blog" — the condition in words (for captions and checks)."""
    return "anything" if condition.op == ANY else f"{condition.op.split(' (')[0]} {condition.value}"


def as_conditions(rules: pd.DataFrame, pattern_columns) -> pd.DataFrame:
    """A rule table with each pattern column split into <column>_op and <column>_value (what
    the editor shows); other columns as text, "" for blank."""
    out = {}
    for column in rules.columns:
        if column in pattern_columns:
            plain = [from_regex(None if pd.isna(p) else p) for p in rules[column]]
            out[f"{column}_op"] = [c.op for c in plain]
            out[f"{column}_value"] = [c.value for c in plain]
        else:
            out[column] = ["" if pd.isna(v) else str(v) for v in rules[column]]
    return pd.DataFrame(out, columns=list(out) or None)


def from_conditions(table: pd.DataFrame, columns, pattern_columns, what: str = "rule") -> pd.DataFrame:
    """as_conditions() edited → the stored rule table (patterns compiled, blanks as None)."""
    records = []
    for i, row in enumerate(table.to_dict("records"), start=1):
        record = {}
        for column in columns:
            if column in pattern_columns:
                op = row.get(f"{column}_op") or ANY
                try:
                    record[column] = to_regex(Condition(op if op in OPERATORS else ANY, row.get(f"{column}_value") or ""))
                except ConditionError as exc:
                    raise ConditionError(f"In {what} {i}, {column}: {exc}") from None
            else:
                value = row.get(column)
                record[column] = None if value is None or pd.isna(value) or not str(value).strip() else str(value)
        records.append(record)
    return pd.DataFrame(records, columns=list(columns), dtype="object")
