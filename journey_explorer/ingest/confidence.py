"""How sure the recognition of a file is, in words a marketer can act on.

Three kinds of evidence, strongest first: the column names carry a known layout's signature
(layouts.LAYOUTS, or a contact list's identifiers); only the values say what the columns are
(layouts.by_values); or nothing did and the columns are a guess. Whatever the basis, the sampled
values of each mapped column are checked against the shape its field expects (timestamps, emails,
phone numbers …): a GA4-named file whose "timestamps" are not times is not a sure thing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import IDENTIFIER_FIELDS
from . import summary
from .layouts import (ACTIVITIES, ALIASES, CONTACTS, EMAIL_ACTIONS, HASH, LAYOUTS, VALUE_SHAPES, Mapping,
                      is_metadata, normal_name, present)

SURE, FAIRLY_SURE, NOT_SURE = "Sure", "Fairly sure", "Not sure"
# Shares of the sampled values that fit: at or above GOOD a column is as expected (the rest are
# rows to reject); below POOR it is probably the wrong column (the 80 % by_values asks too).
GOOD, POOR = 0.9, 0.8

_SHAPES = dict(VALUE_SHAPES)
# Dates the recognisers leave to timestamps.py: "Mar 5, 2024 2:22 PM", "5 March 2024".
_WORDY_DATE = re.compile(r"^\s*(\w{3,9}\.? \d{1,2},? \d{4}|\d{1,2} \w{3,9}\.? \d{4})\b", re.IGNORECASE)
_ID = re.compile(r"^\s*\S{1,200}\s*$")
_EVENT = re.compile(r"^\s*\S.{0,79}$")
_NUMBER = _SHAPES["value"]
_CLOCK = re.compile(r"^\s*\d{1,3}(:\d{2}){1,2}\s*$")   # a call's length as 00:04:12

# Field → (what a fitting value is called, the test). Fields without one hold free text.
EXPECTED = {
    "timestamp": ("timestamps", lambda v: bool(_SHAPES["timestamp"].match(v) or _WORDY_DATE.match(v))),
    "email": ("emails", lambda v: bool(_SHAPES["email"].match(v) or HASH.match(v))),
    "phone": ("phone numbers", lambda v: bool(_SHAPES["phone"].match(v) or HASH.match(v))),
    "user_id": ("ids", lambda v: bool(_ID.match(v))),
    "anonymous_id": ("ids", lambda v: bool(_ID.match(v))),
    "session_id": ("ids", lambda v: bool(_ID.match(v))),
    "page": ("page addresses", lambda v: bool(_SHAPES["page"].match(v))),
    "value": ("numbers", lambda v: bool(_NUMBER.match(v))),
    "duration": ("durations", lambda v: bool(_NUMBER.match(v) or _CLOCK.match(v))),
    "event": ("event names", lambda v: bool(_EVENT.match(v)) and not _SHAPES["timestamp"].match(v)),
}
EMAIL_EVENTS = ("email events", lambda v: bool(EMAIL_ACTIONS.search(v)))
# Said in this order: the fields a journey cannot do without come first.
ORDER = ("timestamp", "email", "phone", "user_id", "anonymous_id", "event", "page", "value", "duration",
         "session_id")
BY_NAME, BY_VALUES, BY_GUESS, BY_YOU = "its name", "its values", "a guess", "your choice"


@dataclass(frozen=True)
class ColumnEvidence:
    """One mapped column: how it was chosen and how many sampled values fit its field."""
    field: str
    column: str
    by: str                 # BY_NAME, BY_VALUES, BY_GUESS or BY_YOU
    fit: int | None         # sampled values of the expected shape; None: free text, nothing to check
    present: int            # sampled values that are not empty
    noun: str = ""          # what a fitting value is called ("timestamps")

    @property
    def share(self) -> float | None:
        return None if self.fit is None or not self.present else self.fit / self.present

    def fits(self) -> str:
        """'200 of 200 look like timestamps'; '' for free text."""
        if self.fit is None:
            return ""
        if not self.present:
            return "empty in the first rows"
        return f"{self.fit:,} of {self.present:,} look like {self.noun}"


@dataclass(frozen=True)
class Confidence:
    level: str                          # SURE, FAIRLY_SURE or NOT_SURE
    basis: str                          # "names", "values", "guess" or "yours"
    sentence: str                       # the plain words the Data page shows
    columns: tuple[ColumnEvidence, ...]

    @property
    def check_mapping(self) -> bool:
        """Open the mapping step at once: the user should look before loading."""
        return self.level == NOT_SURE


def assess(columns, sample: dict[str, list], mapping: Mapping | None, chosen: bool = False,
           checked: int = 0, rejected: dict[str, int] | None = None) -> Confidence:
    """How sure the mapping of these columns is, from the sample's values (column → first values).

    chosen: the user set the mapping (the mapping step), so its basis is theirs, not a recognition.
    checked, rejected: the first rows mapped as a load would map them, and why those it would
    reject are (Inspection.rows_checked, .rejected): values of the right shape are no comfort
    when the load cannot read them.
    """
    columns = list(columns)
    said = summary.sentence(columns, sample)
    if said:   # whatever the columns were mapped to, loading it would give no journeys
        return Confidence(NOT_SURE, "guess", f"Not sure. {said}", ())
    if mapping is None:
        return Confidence(NOT_SURE, "guess", "Not sure: the columns were not recognised as a known export; "
                                             "please check the mapping.", ())
    basis = "yours" if chosen else _basis(columns, mapping)
    evidence = tuple(_evidence(fld, col, sample, mapping, basis) for fld, col in _mapped(mapping))
    problem = _problem(mapping, evidence) or _rejects(checked, rejected or {})
    if problem:
        return Confidence(NOT_SURE, basis, f"Not sure: {problem}; please check the mapping.", evidence)
    shaped = [e for e in evidence if e.share is not None]
    # A few odd values under the right names are rows to reject, not a doubt about the columns
    # (the key columns below POOR were a problem above); a column mostly of other things is one.
    wrong = [e for e in shaped if e.share < POOR]
    odd = [e for e in shaped if POOR <= e.share < GOOD]
    if basis == "names" and not wrong:
        note = f" (only {', '.join(_only(e) for e in odd)})" if odd else ""
        return Confidence(SURE, basis, f"Sure: {_named_like(mapping)}{note}.", evidence)
    if basis == "names":
        return Confidence(FAIRLY_SURE, basis, f"Fairly sure: {_named_like(mapping)}, but only "
                          + ", ".join(_only(e) for e in wrong) + ".", evidence)
    lead = {"values": "recognised from the values", "yours": "your choice of columns",
            "guess": "a guess from the values"}[basis]
    level = FAIRLY_SURE if basis != "guess" else NOT_SURE
    said = _list(shaped) if shaped else "no column has values to check"
    tail = "; please check the mapping." if level == NOT_SURE else "."
    return Confidence(level, basis, f"{level}: {lead} — {said}{tail}", evidence)


def _mapped(mapping: Mapping) -> list[tuple[str, str]]:
    rest = [f for f in mapping.columns if f not in ORDER]
    return [(f, mapping.columns[f]) for f in ORDER + tuple(rest) if mapping.columns.get(f)]


def _basis(columns, mapping: Mapping) -> str:
    """names: a known layout's signature is in the column names (or a contact list's identifiers
    are named as such); values: the by_values recognition; guess: neither."""
    names = {normal_name(c) for c in columns if not is_metadata(c)}
    layout = next((lay for lay in LAYOUTS if lay.name == mapping.layout), None)
    if layout is not None and layout.kind == mapping.kind and all(
            any(word in names for word in group) for group in layout.signature):
        return "names" if all(_named(f, c, mapping) for f, c in _key_columns(mapping)) else "values"
    if mapping.layout == ACTIVITIES.name and mapping.kind == ACTIVITIES.kind:
        return "values"   # recognised by its type column's activity words
    if mapping.layout == CONTACTS.name and mapping.kind == CONTACTS.kind:
        ids = [(f, c) for f, c in _mapped(mapping) if f in IDENTIFIER_FIELDS]
        return "names" if ids and all(_named(f, c, mapping) for f, c in ids) else "values"
    if layout is not None or mapping.layout == CONTACTS.name:
        return "values"
    return "guess"


def _key_columns(mapping: Mapping) -> list[tuple[str, str]]:
    return [(f, c) for f, c in _mapped(mapping) if f in ("timestamp", "event", *IDENTIFIER_FIELDS)]


def _named(fld: str, column: str, mapping: Mapping) -> bool:
    """The column's name is one the field goes by (any tool's word for it)."""
    word = normal_name(column)
    layout = next((lay for lay in LAYOUTS if lay.name == mapping.layout), None)
    prefer = layout.prefer.get(fld, ()) if layout else ()
    return word in ALIASES.get(fld, ()) or word in prefer


def _evidence(fld: str, column: str, sample: dict[str, list], mapping: Mapping, basis: str) -> ColumnEvidence:
    values = [str(v) for v in sample.get(column, []) if present(v)]
    noun, test = EMAIL_EVENTS if fld == "event" and mapping.kind == "email" else EXPECTED.get(fld, ("", None))
    fit = None if test is None else sum(map(test, values))
    if fld in ("email", "phone") and _hashes(values):
        noun = f"hashed {noun}"
    if basis == "yours":
        by = BY_YOU
    elif _named(fld, column, mapping) and not (fld == "email" and _hashes(values)):
        by = BY_NAME
    elif test is not None and values and fit >= POOR * len(values):
        by = BY_VALUES
    else:
        by = BY_GUESS
    return ColumnEvidence(fld, column, by, fit, len(values), noun)


def _hashes(values: list[str]) -> bool:
    """Hex digests: a hashed email in a column named as an id (Mailchimp's member_id)."""
    return bool(values) and all(HASH.match(v) for v in values)


def _problem(mapping: Mapping, evidence: tuple[ColumnEvidence, ...]) -> str:
    """Why the mapping is doubtful, in a few words; '' when nothing is."""
    by_field = {e.field: e for e in evidence}
    if mapping.kind != CONTACTS.kind and "timestamp" not in by_field:
        return "no column was chosen as the time of each row"
    ids = [e for e in evidence if e.field in IDENTIFIER_FIELDS]
    if not ids and not mapping.columns.get("params"):
        return "no column was chosen to say who each row is about"
    if evidence and not any(e.present for e in evidence):
        return "the file has no rows to check the columns against"
    for e in [by_field.get("timestamp"), *ids]:
        if e is None or e.fit is None:
            continue
        if not e.present:
            return f"`{e.column}` is empty in the first rows"
        if e.share < POOR:
            return f"only {_only(e)}"
    return ""


def _rejects(checked: int, rejected: dict[str, int]) -> str:
    """'18 of 18 rows would be rejected: timestamp not understood' when most rows would be."""
    bad = sum(rejected.values())
    if not checked or bad * 2 <= checked:
        return ""
    reasons = sorted(rejected.items(), key=lambda item: -item[1])
    return f"{bad:,} of {checked:,} rows would be rejected: " + ", ".join(r for r, _ in reasons[:2])


def _list(evidence) -> str:
    """'200 of 200 timestamps in `When`, 198 of 200 emails in `Who`'."""
    return ", ".join(f"{e.fit:,} of {e.present:,} {e.noun} in `{e.column}`" if e.present
                     else f"`{e.column}` empty in the first rows" for e in evidence)


def _only(e: ColumnEvidence) -> str:
    return f"{e.fit:,} of the {e.present:,} values in `{e.column}` look like {e.noun}"


def _named_like(mapping: Mapping) -> str:
    if mapping.kind == CONTACTS.kind:
        return "the columns are named like a contact list, one row per contact"
    name = {"Call log": "call log", "Email activity": "email tool's activity export",
            "Event log": "event log", "Snowplow events": "Snowplow events export"}.get(mapping.layout, mapping.layout)
    return f"the columns are named like {'an' if name[0].lower() in 'aeiou' else 'a'} {name}"

