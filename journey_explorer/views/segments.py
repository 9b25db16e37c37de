"""Segments: groups of customers compared side by side.

A segment is a set of customers, chosen with the filters' ``field=value`` conditions read at the
customer level: ``kind=call`` — the customer has at least one such touchpoint; ``kind!=call`` —
they have none; ``first.channel=Paid Search`` — their first touchpoint matches;
``date=2024-01-01..2024-03-31`` — they had a touchpoint in those dates (``first.date=…``: their
first one); ``customer.plan=pro`` — their contact-list field (ingest/contacts.py); typed
comparisons as the filters have them (``attrs.transaction_value>100``,
``customer.created<2024-06-01``) and bare names of kept columns (``device=mobile``). Names are
forgiving: ``customer.lifecycle_stage`` finds "Lifecycle Stage". All conditions of a segment have
to hold. Segments are chosen among the touchpoints the filters keep, in one set-based pass over
them: conditions become DuckDB expressions with the values as constants, never SQL text.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, replace

import pandas as pd
from duckdb import CaseExpression, ConstantExpression, StarExpression
from duckdb.sqltypes import BIGINT

from .. import db
from ..filters import (ORDERS, Condition, FilterError, Filters, attribute_names, contacts, customer_field_names,
                       customer_key, expression, kinds, match, moment, number, parse_condition, parse_date, path,
                       register_scope, resolve_field)
from ..model import FILTER_COLUMNS, did_you_mean
from ..privacy import mask_pii
from .flows import DIMENSIONS
from .tables import METADATA, attribute_names as offered_attributes  # noqa: F401  (METADATA: tests check it)
# Pages and the report call these as segments.verdict etc.
from .significance import SIGNIFICANCE, chi_square_p, chi_square_tail, two_proportion_p, verdict  # noqa: F401

MAX_SEGMENTS = 4
FIRST = "first."
CUSTOMER = "customer."
DATE = "date"
SPLIT_FIELDS = tuple(c for c in FILTER_COLUMNS if c not in ("customer_id", "session_id", "origin_file"))
DATES = re.compile(r"^\s*date\s*(?P<op>!=|=)\s*(?P<value>.*?)\s*$", re.IGNORECASE)
CUSTOMER_FIELD = re.compile(r"^\s*customer\.(?P<name>[^=!<>]*?)\s*(?P<op>!=|>=|<=|=|>|<)\s*(?P<value>.*?)\s*$",
                            re.IGNORECASE)
COLUMNS = ["segment", "customers", "conversions", "conversion_rate", "touchpoints_per_customer",
           "median_days_to_convert", "p_value", "value_per_customer"]
MAX_CONDITIONS = 62   # one bit each in a BIGINT mask


class SegmentError(ValueError):
    """A segment definition that cannot be used; the message says what to do."""


@dataclass(frozen=True)
class Segment:
    name: str
    where: tuple[Condition, ...] = ()

    def customers(self, con, touchpoints):
        """A relation of the customer_id of the customers of a touchpoints relation who are in
        this segment (what Filters(segment=…) keeps), as temp table scope_customers."""
        _register_members(con, touchpoints, [self])
        db.run(con, "views/segments/scope_customers")
        return con.table("scope_customers")


# ---------------------------------------------------------------- definitions

def parse_segment_condition(text: str) -> Condition:
    """kind=call, kind!=call, first.channel=Paid Search, attrs.device=mobile,
    date=2024-01-01..2024-03-31 (either end may be left out)."""
    text = (text or "").strip()
    first = text.lower().startswith(FIRST)
    rest = text[len(FIRST):] if first else text
    field = CUSTOMER_FIELD.match(rest)
    if field and field["name"]:   # one value per customer: first. changes nothing
        op = field["op"]
        if op in ORDERS and not field["value"]:
            raise SegmentError(f'"{text}" has nothing to compare with; e.g. customer.lifetime_value>=500.')
        return Condition(CUSTOMER + field["name"], field["value"], op == "!=", op if op in ORDERS else "=")
    dates = DATES.match(rest)
    if dates:
        date_range(dates["value"])
        condition = Condition(DATE, dates["value"], dates["op"] == "!=")
    else:
        condition = parse_condition(rest)
    return replace(condition, field=FIRST + condition.field) if first else condition


def condition_text(condition: Condition) -> str:
    return f"{condition.field}{condition.operator}{condition.value}"


def date_range(value: str) -> tuple[dt.date | None, dt.date | None]:
    low, sep, high = str(value).partition("..")
    if not sep or not (low.strip() or high.strip()):
        raise SegmentError(f'The dates "{value}" should look like 2024-01-01..2024-03-31 '
                           "(either end may be left out).")
    low, high = parse_date(low, "from"), parse_date(high, "to")
    if low and high and low > high:
        raise SegmentError("The from date is after the to date.")
    return low, high


def segment(conditions, name: str | None = None) -> Segment:
    """A segment from condition texts; unnamed, it is called by its conditions."""
    where = tuple(parse_segment_condition(c) for c in conditions if c and c.strip())
    return Segment(name or " & ".join(map(condition_text, where)) or "Everyone", where)


def parse_segment_text(text: str | None) -> Segment | None:
    """The sidebar's and the command line's segment: conditions separated by ";" (all must
    hold), e.g. "kind=call; first.channel=Paid Search". None when there is none."""
    conditions = [c for c in (text or "").split(";") if c.strip()]
    return segment(conditions) if conditions else None


def within(filters: Filters | None, chosen: Segment) -> Filters:
    """The filters keeping only the customers of `chosen` who are also in the filters' own
    segment (a segment compared on the Segments page, inside the sidebar's)."""
    filters = filters or Filters()
    if filters.segment is not None:
        chosen = Segment(chosen.name, filters.segment.where + chosen.where)
    return replace(filters, segment=chosen)


# kind value → (had it, never had it, the first touchpoint was it)
KIND_WORDS = {"call": ("Made a call", "Never made a call", "a call"),
              "email": ("Had an email", "Never had an email", "an email"),
              "web": ("Visited the site", "Never visited the site", "a site visit"),
              "other": ("Had another touchpoint", "Never had another touchpoint", "another touchpoint")}
OVER = {">": "over", ">=": "at least", "<": "under", "<=": "at most"}
AFTER = {">": "after", ">=": "on or after", "<": "before", "<=": "on or before"}
HAD = {"touchpoint": ("Had “{}”", "Never had “{}”"), "channel": ("Had a touchpoint in {}", "Never had a touchpoint in {}"),
       "stage": ("Reached the {} stage", "Never reached the {} stage"),
       "campaign": ("Came from the {} campaign", "Never came from the {} campaign")}


def describe(condition: Condition) -> str:
    """The condition in plain words: "Made a call", "Had a touchpoint in Email", "First channel is
    Paid Search", "Plan is pro", "Transaction value over 100"."""
    first = condition.field.startswith(FIRST)
    field = condition.field.removeprefix(FIRST)
    if field == DATE:
        low, high = date_range(condition.value)
        span = f"between {low} and {high}" if low and high else f"from {low} on" if low else f"up to {high}"
        words = "first seen " if first else "active "
        return ("Not " + words if condition.negate else words.capitalize()) + span
    value, no = mask_pii(condition.value), condition.negate
    label = field.removeprefix("attrs.").removeprefix(CUSTOMER).replace("_", " ")
    if condition.op in ORDERS:
        return _capital(f"{'first ' if first else ''}{label} {compared(condition)}")
    if field.startswith(CUSTOMER):
        return _capital(f"{label} is {'not ' if no else ''}{value}")
    if first:
        if field == "kind" and condition.value in KIND_WORDS:
            return f"First touchpoint was {'not ' if no else ''}{KIND_WORDS[condition.value][2]}"
        return f"First {label} is {'not ' if no else ''}{value}"
    if field == "kind":
        return KIND_WORDS[condition.value][no] if condition.value in KIND_WORDS else \
            f"{'Never had' if no else 'Had'} a {value} touchpoint"
    if field in HAD:
        return HAD[field][no].format(value)
    return f"{'Never had' if no else 'Had'} a touchpoint with {label} {value}"


def compared(condition: Condition) -> str:
    """A comparison in words, after its field's name: "over 100", "before 2024-06-01"."""
    dated = number(condition.value) is None and moment(condition.value) is not None
    return f"{(AFTER if dated else OVER)[condition.op]} {mask_pii(condition.value)}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def split_field(by: str) -> str:
    """The field customers are split by as written (their first touchpoint's value): channel,
    attrs.device, device, customer.plan; which one it is the data says (split_segments)."""
    field = str(by or "").strip().removeprefix(FIRST)
    if field.lower().startswith(CUSTOMER) and field[len(CUSTOMER):].strip():
        return CUSTOMER + field[len(CUSTOMER):].strip()
    if not field:
        raise SegmentError("Say what to split customers by, e.g. channel or device.")
    return field


def _split_column(con, field: str) -> str:
    """A split's field resolved: a column customers can be split by, or a kept attribute."""
    try:
        return resolve_field(con, field, SPLIT_FIELDS)
    except FilterError:
        attrs = attribute_names(con)
        kept = f' or a kept column such as {", ".join(attrs[:8])}' if attrs else " or an attribute such as attrs.device"
        raise SegmentError(f'"{field}" is not something to split customers by; use one of '
                           f'{", ".join(SPLIT_FIELDS)}{kept}.' + did_you_mean(field, list(SPLIT_FIELDS) + attrs)) from None


def split_segments(con, by: str, filters: Filters | None = None, top: int = MAX_SEGMENTS) -> list[Segment]:
    """One segment per value of `by` on customers' first touchpoints: the `top` most common values;
    customers with another value (or none) are left out."""
    field = split_field(by)
    register_scope(con, filters)
    field = customer_field(con, field) if field.startswith(CUSTOMER) else _split_column(con, field)
    if field.startswith(CUSTOMER):
        values = [r[0] for r in db.rows(con, "views/segments/customer_split_values",
                                        path=path(field.removeprefix(CUSTOMER)), top=int(top))]
        if not values:
            raise SegmentError(f"No customer here has a {field.removeprefix(CUSTOMER)}; split by something else.")
        return [Segment(n, (Condition(field, v),)) for n, v in zip(_names(values), values)]
    values = [r[0] for r in db.rows(con, "views/segments/split_values", field=field,
                                    path=path(field.removeprefix("attrs.")), top=int(top))]
    if not values:
        raise SegmentError(f"No customer's first touchpoint has a {field.removeprefix('attrs.')}; "
                           "split by something else.")
    return [Segment(n, (Condition(FIRST + field, v),)) for n, v in zip(_names(values), values)]


def _names(values) -> list[str]:
    names: list[str] = []
    for value in values:   # masking can make two names alike (two phone numbers are both ***)
        name = mask_pii(str(value))
        names.append(name if name not in names else f"{name} ({len(names) + 1})")
    return names


def field_names(con) -> list[str]:
    """The contact lists' column names (customer fields); none before the first list."""
    return customer_field_names(con) or []


def customer_field(con, field: str) -> str:
    """customer.<name> as the contact lists spell it: case, spaces and punctuation ignored."""
    try:
        return CUSTOMER + customer_key(con, field.removeprefix(CUSTOMER))
    except FilterError as problem:
        raise SegmentError(str(problem)) from None


def _resolved(con, segments) -> list[Segment]:
    """The segments with each field as the data spells it: bare names become attrs.<name>,
    forgiving names the real ones (FilterError, or SegmentError for customer fields, when unknown)."""
    names: dict[str, str] = {}
    for field in {c.field.removeprefix(FIRST) for s in segments for c in s.where} - {DATE}:
        names[field] = customer_field(con, field) if field.startswith(CUSTOMER) else resolve_field(con, field)

    def one(c: Condition) -> Condition:
        field = c.field.removeprefix(FIRST)
        return c if field == DATE else replace(c, field=c.field[:len(c.field) - len(field)] + names[field])
    return [Segment(s.name, tuple(map(one, s.where))) for s in segments]


def check(con, chosen: Segment) -> Segment:
    """The segment resolved against the data, or a ValueError saying what is wrong with it (for
    pages to show before drawing anything)."""
    resolved = _resolved(con, [chosen])
    _bits(resolved, con)
    return resolved[0]


def define(con, by: str | None = None, definitions=(), filters: Filters | None = None) -> list[Segment]:
    """The command line's segments: --by FIELD, or one list of conditions per segment (--a, --b, …)."""
    given = [d for d in definitions if d]
    if by and given:
        raise SegmentError("Split by one field (--by) or define segments (--a, --b), not both.")
    if by:
        return split_segments(con, by, filters)
    if len(given) < 2:
        raise SegmentError('Give two to four segments to compare, e.g. --a "kind=call" --b "kind!=call", '
                           "or split customers with --by, e.g. --by attrs.device.")
    return [segment(d) for d in given]


# ---------------------------------------------------------------- membership

def _touches(condition: Condition, kind_of: dict[str, str]):
    """True for the touchpoints that match the condition (its negation and first. aside)."""
    if condition.field == DATE:
        low, high = date_range(condition.value)
        return expression(Filters(date_from=low, date_to=high))
    return match(condition, kind_of.get(condition.field, "text"))


def _bits(segments, con=None) -> tuple[list, dict]:
    """The touchpoint conditions of all segments, one bit each, and per segment the bits that must
    (yes) or must not (no) be set on any touchpoint or on the first (see segments/customers.sql)."""
    def key(c: Condition) -> tuple:
        return c.field.removeprefix(FIRST), c.op, c.value
    plain = list(dict.fromkeys(key(c) for s in segments for c in s.where))
    if len(plain) > MAX_CONDITIONS:
        raise SegmentError(f"Use at most {MAX_CONDITIONS} different conditions in all.")
    masks = {k: [0] * len(segments) for k in ("any_yes", "any_no", "first_yes", "first_no")}
    for i, seg in enumerate(segments):
        for c in seg.where:
            bit = 1 << plain.index(key(c))
            masks[f"{'first' if c.field.startswith(FIRST) else 'any'}_{'no' if c.negate else 'yes'}"][i] |= bit
    conditions = [Condition(f, v, op=op) for f, op, v in plain]
    kind_of = kinds(con, [c for c in conditions if c.field != DATE])
    return [_touches(c, kind_of) for c in conditions], masks


def _register_members(con, touchpoints, segments) -> None:
    """Temp table segment_customers: each customer of the touchpoints relation once per segment
    they are in (segment = its position), with the numbers compare() sums up. One pass: each
    touchpoint gets a bit mask of the conditions it matches, customers get the OR of their masks
    and their first touchpoint's mask, and a segment is a test on those two."""
    _check(segments)
    segments = _resolved(con, segments)
    if any(c.field.startswith(CUSTOMER) for s in segments for c in s.where):
        touchpoints = touchpoints.join(contacts(con), "customer_id", how="left")
    touchpoint_bits, masks = _bits(segments, con)
    mask = ConstantExpression(0).cast(BIGINT)
    for j, matches in enumerate(touchpoint_bits):
        mask = mask + CaseExpression(matches, ConstantExpression(1 << j).cast(BIGINT)).otherwise(
            ConstantExpression(0).cast(BIGINT))
    con.register("segment_touches", touchpoints.select(StarExpression(), mask.alias("segment_mask")))
    db.run(con, "views/segments/customers", **masks)


def _check(segments) -> None:
    if not 1 <= len(segments) <= MAX_SEGMENTS:
        raise SegmentError(f"Compare one to {MAX_SEGMENTS} segments.")
    names = [s.name for s in segments]
    if len(set(names)) < len(names):
        raise SegmentError("Give each segment a name of its own.")


def _segment_scope(con, filters: Filters | None, segments) -> None:
    register_scope(con, filters)
    _register_members(con, con.view("scope"), segments)


# ---------------------------------------------------------------- views

def compare(con, segments, filters: Filters | None = None) -> pd.DataFrame:
    """segment, customers, conversions, conversion_rate, touchpoints_per_customer,
    median_days_to_convert, p_value, value_per_customer — one row per segment, in order.

    conversions counts customers who converted; p_value is the two-proportion z-test of each
    segment's conversion rate against the first segment's (empty for the first)."""
    _segment_scope(con, filters, segments)
    frame = db.frame(con, "views/segments/summary", segments=len(segments))
    frame["segment"] = [s.name for s in segments]
    first = frame.iloc[0]
    frame["p_value"] = [math.nan] + [two_proportion_p(first.conversions, first.customers, r.conversions, r.customers)
                                     for r in frame.iloc[1:].itertuples()]
    return frame[COLUMNS].astype({c: "float64" for c in COLUMNS[3:]})


def overlap(con, segments, filters: Filters | None = None) -> int:
    """Customers who are in more than one of the segments."""
    _segment_scope(con, filters, segments)
    return int(db.scalar(con, "views/segments/overlap"))


def diverging_steps(con, segments, by: str = "touchpoint", filters: Filters | None = None, top: int = 15,
                    exclude=()) -> pd.DataFrame:
    """step, segment, share, difference: for the `top` steps whose shares differ most between the
    segments, each segment's share of customers who ever had the step; difference = largest −
    smallest share. Widest first, then by step; one row per step and segment, in segment order."""
    if by not in DIMENSIONS:
        raise SegmentError(f'"{by}" is not a kind of step; use one of {", ".join(DIMENSIONS)}.'
                           + did_you_mean(by, DIMENSIONS))
    _segment_scope(con, filters, segments)
    frame = db.frame(con, "views/segments/step_shares", by=by, exclude=list(exclude), segments=len(segments),
                     top=int(top))
    frame["segment"] = frame["segment"].map(dict(enumerate(s.name for s in segments)))
    return frame.astype({"share": "float64", "difference": "float64"})


def split_choices(con, rows: int = 5_000) -> list[str]:
    """What the Segments page offers to split by beside the columns: attrs.<name> for the kept
    attributes the sidebar offers too (tables.offered: no connector metadata, identifiers, hashes,
    emails, phone numbers or names of people), then customer.<name> for the contact lists' fields."""
    return [f"attrs.{name}" for name in offered_attributes(con, rows)] + [CUSTOMER + name for name in field_names(con)]


def field_values(con, field: str) -> list[str]:
    """The most common values of a field (a column or attrs.<name>) over all touchpoints, or of a
    customer field over the contact lists."""
    if field.startswith(CUSTOMER):
        return [r[0] for r in db.rows(con, "views/segments/customer_field_values",
                                      path=path(field.removeprefix(CUSTOMER)))] if field_names(con) else []
    return [r[0] for r in db.rows(con, "views/segments/field_values", field=field,
                                  path=path(field.removeprefix("attrs.")))]
