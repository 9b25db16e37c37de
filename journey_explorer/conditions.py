"""Rule conditions a marketer picks from a list (equals, contains, starts with, ends with, is one
of, is empty) and the regular expressions the rules store. Rules stay regexes (the model and the
CLI read them); the editor shows each one as the plainest condition that matches exactly the same
values, and only a regex no condition says ("matches pattern (advanced)") as itself.

Reading a regex: the patterns the rules use are finite sets of alternatives once their optional
parts and small character sets are spelled out (`e[-_ ]?mail` is email, e-mail, e_mail, e mail),
each anchored or not at either end. A condition is shown only when it compiles to the same set,
so applying the rules unedited never changes what they match.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import pandas as pd

ANY, EQUALS, CONTAINS, STARTS, ENDS, ONE_OF, EMPTY, NOT_EMPTY, PATTERN = (
    "anything", "equals", "contains", "starts with", "ends with", "is one of", "is empty", "is not empty",
    "matches pattern (advanced)")
OPERATORS = (ANY, EQUALS, CONTAINS, STARTS, ENDS, ONE_OF, EMPTY, NOT_EMPTY, PATTERN)
BLANK = "(blank)"   # in "is one of": an empty value counts too
WILDCARD = "*"      # in "is one of": stands for anything ("paid*" is every value starting with paid)
SPECIAL = set(r"\^$.|?*+()[]{}")
MOST_ALTERNATIVES = 80   # a pattern spelling out to more is shown as a pattern


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
    """"a, b , c" → ['a', 'b', 'c'] (contains, starts with, ends with and is one of take several)."""
    return [v.strip() for v in str(value or "").split(",") if v.strip()]


def _wild(value: str) -> str:
    return ".*".join(escape(part) for part in value.split(WILDCARD))


def to_regex(condition: Condition) -> str | None:
    """The stored pattern for a condition (None: the rule matches anything here)."""
    op, value = condition.op or ANY, str(condition.value or "").strip()
    if op == ANY:
        return None
    if op == PATTERN:
        return value or None
    if op == EMPTY:
        return "^$"
    if op == NOT_EMPTY:
        return "."
    if op == EQUALS:
        if not value:
            raise ConditionError(f'"{op}" needs a value to compare with.')
        return f"^{escape(value)}$"
    values = items(value)
    if op == ONE_OF:
        named = [_wild(v) for v in values if v != BLANK]
        if not named:
            if BLANK in values:
                return "^$"
            raise ConditionError(f'"{value}" names no values; separate them with commas, e.g. google, bing.')
        return f"^({'|'.join(named)}){'?' if BLANK in values else ''}$"
    if not values:
        raise ConditionError(f'"{op}" needs a value to compare with.')
    parts = [escape(v) for v in values]
    if op == CONTAINS:
        return "|".join(parts)
    body = parts[0] if len(parts) == 1 else f"({'|'.join(parts)})"
    return {STARTS: f"^{body}", ENDS: f"{body}$"}[op]


# ------------------------------------------------------------------ reading a stored regex
START, END, ANYTHING = object(), object(), object()   # tokens besides literal characters


class _Unsupported(Exception):
    pass


def _spell(pattern: str) -> list[list]:
    """Every token sequence the pattern can match (characters, START, END, ANYTHING for .*);
    _Unsupported for what is more than a finite set (classes of many characters, repeats)."""
    found, end = _alternation(pattern, 0)
    if end != len(pattern):
        raise _Unsupported
    return found


def _alternation(text: str, i: int) -> tuple[list[list], int]:
    branches = []
    while True:
        seq, i = _sequence(text, i)
        branches.extend(seq)
        if i < len(text) and text[i] == "|":
            i += 1
            continue
        return branches, i


def _sequence(text: str, i: int) -> tuple[list[list], int]:
    out: list[list] = [[]]
    while i < len(text) and text[i] not in "|)":
        options, i = _atom(text, i)
        if i < len(text) and text[i] == "?":
            options, i = [[]] + options, i + 1       # without it first: "amazon, amazon.com"
        if i < len(text) and text[i] in "*+{":
            raise _Unsupported
        out = [a + b for a, b in itertools.product(out, options)]
        if len(out) > MOST_ALTERNATIVES:
            raise _Unsupported
    return out, i


def _atom(text: str, i: int) -> tuple[list[list], int]:
    ch = text[i]
    if ch == "(":
        start = i + 3 if text.startswith("(?:", i) else i + 1
        if text.startswith("(?", i) and start == i + 1:
            raise _Unsupported                      # flags, look-arounds, named groups
        inner, i = _alternation(text, start)
        if i >= len(text) or text[i] != ")":
            raise _Unsupported
        return inner, i + 1
    if ch == "[":
        return _class(text, i)
    if ch == "\\":
        if i + 1 < len(text) and text[i + 1] in SPECIAL | set("/-_ ,"):
            return [[text[i + 1]]], i + 2
        raise _Unsupported                          # \d, \w, \b …
    if ch == "^":
        return [[START]], i + 1
    if ch == "$":
        return [[END]], i + 1
    if ch == ".":
        if text.startswith(".*", i):
            return [[ANYTHING]], i + 2
        raise _Unsupported                          # one character of any kind
    if ch in "?*+{}]":
        raise _Unsupported
    return [[ch]], i + 1


def _class(text: str, i: int) -> tuple[list[list], int]:
    """[ _-]: a few characters spelled out; negated sets and ranges are more than a few."""
    close = text.find("]", i + 2)
    body = text[i + 1:close] if close > 0 else None
    if not body or body.startswith("^") or "\\" in body or len(body) > 8 or "-" in body.strip("-"):
        raise _Unsupported
    return [[ch] for ch in dict.fromkeys(body)], close + 1


def _normal(tokens: list) -> tuple[bool, str, bool] | None:
    """A token sequence as (anything before, literal, anything after); None when START, END or
    .* sit inside it (it matches nothing, or more than a literal)."""
    i, j, before, after = 0, len(tokens), True, True
    if i < j and tokens[i] is START:
        before, i = False, i + 1
    if i < j and tokens[i] is ANYTHING:
        before, i = True, i + 1
    if j > i and tokens[j - 1] is END:
        after, j = False, j - 1
    if j > i and tokens[j - 1] is ANYTHING:
        after, j = True, j - 1
    middle = tokens[i:j]
    if any(not isinstance(t, str) for t in middle):
        return None
    return before, "".join(middle), after


def alternatives(pattern: str) -> list[tuple[bool, str, bool]] | None:
    """The pattern as (anything before, literal, anything after) alternatives, or None when it
    is more than such a finite set."""
    try:
        spelled = _spell(pattern)
    except (_Unsupported, IndexError):
        return None
    normal = [_normal(t) for t in spelled]
    return None if any(n is None for n in normal) else list(dict.fromkeys(normal))


def _condition(alts: list[tuple[bool, str, bool]]) -> Condition | None:
    texts = [t for _, t, _ in alts]
    if any("," in t or WILDCARD in t or t != t.strip() or t == BLANK for t in texts):
        return None
    ends = {(before, after) for before, _, after in alts}
    if ends == {(False, False)}:
        if texts == [""]:
            return Condition(EMPTY)
        if len(alts) == 1:
            return Condition(EQUALS, texts[0])
        return Condition(ONE_OF, ", ".join([t for t in texts if t] + [BLANK] * ("" in texts)))
    if "" in texts:
        return None
    for op, anchored in ((CONTAINS, (True, True)), (STARTS, (False, True)), (ENDS, (True, False))):
        if ends == {anchored}:
            return Condition(op, ", ".join(texts))
    return Condition(ONE_OF, ", ".join((WILDCARD if before else "") + t + (WILDCARD if after else "") or BLANK
                                       for before, t, after in alts))


NOT_EMPTY_PATTERNS = {".", ".+", "^.+", "^.+$", ".+$"}


def from_regex(pattern: str | None) -> Condition:
    """The plainest condition that matches exactly what this pattern matches (PATTERN when none does)."""
    if pattern is None or pd.isna(pattern) or not str(pattern).strip():
        return Condition(ANY)
    pattern = str(pattern).strip()
    if pattern in NOT_EMPTY_PATTERNS:
        return Condition(NOT_EMPTY)
    alts = alternatives(pattern)
    plain = _condition(alts) if alts else None
    if plain is not None:
        again = alternatives(to_regex(plain))
        if again is not None and set(again) == set(alts):
            return plain
    return Condition(PATTERN, pattern)


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
