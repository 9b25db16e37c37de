"""Segments: groups of customers compared side by side.

A segment is a set of customers, chosen with the filters' ``field=value`` conditions read at the
customer level: ``kind=call`` — the customer has at least one such touchpoint; ``kind!=call`` —
they have none; ``first.channel=Paid Search`` — their first touchpoint matches;
``date=2024-01-01..2024-03-31`` — they had a touchpoint in those dates (``first.date=…``: their
first one); ``customer.plan=pro`` — their contact-list field (ingest/contacts.py; the name is
forgiving: ``customer.lifecycle_stage`` finds "Lifecycle Stage"). All conditions of a segment have to hold. Segments are chosen among the touchpoints
the filters keep, in one set-based pass over them: conditions become DuckDB expressions with the
values as constants, never SQL text.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, replace

import pandas as pd
from duckdb import CaseExpression, ColumnExpression, ConstantExpression, FunctionExpression, StarExpression
from duckdb.sqltypes import BIGINT

from .. import db
from ..filters import (Condition, Filters, expression, parse_condition, parse_date, register_scope)
from ..model import FILTER_COLUMNS, did_you_mean
from ..privacy import mask_pii
from .flows import DIMENSIONS

MAX_SEGMENTS = 4
FIRST = "first."
CUSTOMER = "customer."
DATE = "date"
SPLIT_FIELDS = tuple(c for c in FILTER_COLUMNS if c not in ("customer_id", "session_id", "origin_file"))
ATTRIBUTE = re.compile(r"attrs\.\w[\w.]*")
DATES = re.compile(r"^\s*date\s*(?P<op>!=|=)\s*(?P<value>.*?)\s*$", re.IGNORECASE)
CUSTOMER_FIELD = re.compile(r"^\s*customer\.(?P<name>[^=!]*?)\s*(?P<op>!=|=)\s*(?P<value>.*?)\s*$", re.IGNORECASE)
COLUMNS = ["segment", "customers", "conversions", "conversion_rate", "touchpoints_per_customer",
           "median_days_to_convert", "p_value", "value_per_customer"]
SIGNIFICANCE = 0.05
MAX_CONDITIONS = 62   # one bit each in a BIGINT mask
# The columns warehouse connectors add, kept in attrs but no split (as ingest.layouts.CONNECTOR_METADATA;
# views sit beside ingest, not above it).
METADATA = re.compile(r"^_(fivetran|airbyte|sdc|dlt)_|^_(file|line|modified|row|index)$", re.IGNORECASE)


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
        return Condition(CUSTOMER + field["name"], field["value"], field["op"] == "!=")
    dates = DATES.match(rest)
    if dates:
        date_range(dates["value"])
        condition = Condition(DATE, dates["value"], dates["op"] == "!=")
    else:
        condition = parse_condition(rest)
    return replace(condition, field=FIRST + condition.field) if first else condition


def condition_text(condition: Condition) -> str:
    return f"{condition.field}{'!=' if condition.negate else '='}{condition.value}"


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


def describe(condition: Condition) -> str:
    """The condition in plain words: "Had channel Email", "First device is mobile"."""
    first = condition.field.startswith(FIRST)
    field = condition.field.removeprefix(FIRST)
    if field == DATE:
        low, high = date_range(condition.value)
        span = f"between {low} and {high}" if low and high else f"from {low} on" if low else f"up to {high}"
        words = "first seen " if first else "active "
        return ("Not " + words if condition.negate else words.capitalize()) + span
    label, value = field.removeprefix("attrs.").replace("_", " "), mask_pii(condition.value)
    if field.startswith(CUSTOMER):
        label = field.removeprefix(CUSTOMER).replace("_", " ")
        return f"Customer's {label} is {'not ' if condition.negate else ''}{value}"
    if first:
        return f"First {label} is {'not ' if condition.negate else ''}{value}"
    return f"{'Never had' if condition.negate else 'Had'} {label} {value}"


def split_field(by: str) -> str:
    """The field customers are split by (their first touchpoint's value): channel, attrs.device, …"""
    field = str(by or "").strip().removeprefix(FIRST)
    if field.lower().startswith(CUSTOMER) and field[len(CUSTOMER):].strip():
        return CUSTOMER + field[len(CUSTOMER):].strip()
    if field not in SPLIT_FIELDS and not ATTRIBUTE.fullmatch(field):
        raise SegmentError(f'"{by}" is not something to split customers by; use one of '
                           f'{", ".join(SPLIT_FIELDS)} or an attribute such as attrs.device.'
                           + did_you_mean(field, SPLIT_FIELDS))
    return field


def split_segments(con, by: str, filters: Filters | None = None, top: int = MAX_SEGMENTS) -> list[Segment]:
    """One segment per value of `by` on customers' first touchpoints: the `top` most common values;
    customers with another value (or none) are left out."""
    field = split_field(by)
    register_scope(con, filters)
    if field.startswith(CUSTOMER):
        field = customer_field(con, field)
        values = [r[0] for r in db.rows(con, "views/segments/customer_split_values",
                                        path=_path(field), top=int(top))]
        if not values:
            raise SegmentError(f"No customer here has a {field.removeprefix(CUSTOMER)}; split by something else.")
        return [Segment(n, (Condition(field, v),)) for n, v in zip(_names(values), values)]
    values = [r[0] for r in db.rows(con, "views/segments/split_values", field=field,
                                    path=f'$."{field.removeprefix("attrs.")}"', top=int(top))]
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


def _path(field: str) -> str:
    return '$."' + field.removeprefix(CUSTOMER).replace('"', '\\"') + '"'


def _plain(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", str(name).lower())


def field_names(con) -> list[str]:
    """The contact lists' column names (customer fields); none before the first list."""
    return [r[0] for r in db.rows(con, "customers/field_names")] if db.has_table(con, "customer_fields") else []


def customer_field(con, field: str) -> str:
    """customer.<name> as the contact lists spell it: case, spaces and punctuation ignored."""
    wanted = field.removeprefix(CUSTOMER)
    names = field_names(con)
    found = next((n for n in names if n == wanted), None) or next(
        (n for n in names if _plain(n) == _plain(wanted)), None)
    if found is None:
        if not names:
            raise SegmentError(f'"{field}" is a customer field, and no contact list is loaded yet.')
        raise SegmentError(f'No contact list has a field "{wanted}"; they have {", ".join(names[:12])}.'
                           + did_you_mean(wanted, names))
    return CUSTOMER + found


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

def _touches(condition: Condition):
    """True for the touchpoints that match the condition (its negation and first. aside)."""
    if condition.field.startswith(CUSTOMER):
        return FunctionExpression("json_extract_string", ColumnExpression("customer_fields"),
                                  ConstantExpression(_path(condition.field))).isin(ConstantExpression(condition.value))
    if condition.field.removeprefix(FIRST) == DATE:
        low, high = date_range(condition.value)
        return expression(Filters(date_from=low, date_to=high))
    return expression(Filters((Condition(condition.field.removeprefix(FIRST), condition.value),)))


def _bits(segments) -> tuple[list, dict]:
    """The touchpoint conditions of all segments, one bit each, and per segment the bits that must
    (yes) or must not (no) be set on any touchpoint or on the first (see segments/customers.sql)."""
    plain = list(dict.fromkeys((c.field.removeprefix(FIRST), c.value) for s in segments for c in s.where))
    if len(plain) > MAX_CONDITIONS:
        raise SegmentError(f"Use at most {MAX_CONDITIONS} different conditions in all.")
    masks = {k: [0] * len(segments) for k in ("any_yes", "any_no", "first_yes", "first_no")}
    for i, seg in enumerate(segments):
        for c in seg.where:
            bit = 1 << plain.index((c.field.removeprefix(FIRST), c.value))
            masks[f"{'first' if c.field.startswith(FIRST) else 'any'}_{'no' if c.negate else 'yes'}"][i] |= bit
    touchpoint_bits = [_touches(Condition(f, v)) for f, v in plain]
    return touchpoint_bits, masks


def _register_members(con, touchpoints, segments) -> None:
    """Temp table segment_customers: each customer of the touchpoints relation once per segment
    they are in (segment = its position), with the numbers compare() sums up. One pass: each
    touchpoint gets a bit mask of the conditions it matches, customers get the OR of their masks
    and their first touchpoint's mask, and a segment is a test on those two."""
    _check(segments)
    if any(c.field.startswith(CUSTOMER) for s in segments for c in s.where):
        segments = [Segment(s.name, tuple(replace(c, field=customer_field(con, c.field))
                                          if c.field.startswith(CUSTOMER) else c for c in s.where))
                    for s in segments]
        fields = con.table("customers").select("customer_id, fields AS customer_fields")
        touchpoints = touchpoints.join(fields, "customer_id", how="left")
    touchpoint_bits, masks = _bits(segments)
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


def split_choices(con, rows: int = 50_000) -> list[str]:
    """What the Segments page offers to split by beside the columns: attrs.<name> for the kept
    attributes that are neither connector metadata nor identifiers (nearly every value distinct),
    then customer.<name> for the contact lists' fields."""
    attrs = [f"attrs.{name}" for name, n, distinct in db.rows(con, "views/segments/split_attributes", rows=int(rows))
             if not METADATA.search(name) and not (n >= 20 and distinct >= 0.9 * n)]
    return attrs + [CUSTOMER + name for name in field_names(con)]


def field_values(con, field: str) -> list[str]:
    """The most common values of a field (a column or attrs.<name>) over all touchpoints."""
    return [r[0] for r in db.rows(con, "views/segments/field_values", field=field,
                                  path=f'$."{field.removeprefix("attrs.")}"')]


# ---------------------------------------------------------------- tests of difference

def two_proportion_p(x1, n1, x2, n2) -> float:
    """Two-sided p-value of the pooled two-proportion z-test: how often rates at least this far
    apart would come up if both groups really converted alike."""
    if not n1 or not n2:
        return math.nan
    pooled = (x1 + x2) / (n1 + n2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if spread == 0:
        return 1.0   # both all converted, or neither: no difference at all
    return math.erfc(abs(x1 / n1 - x2 / n2) / spread / math.sqrt(2))


def chi_square_p(conversions, customers) -> float:
    """p-value of the chi-square test that all segments convert at one rate (segments without
    customers left out); with two segments it equals the z-test's."""
    groups = [(x, n) for x, n in zip(conversions, customers) if n]
    if len(groups) < 2:
        return math.nan
    rate = sum(x for x, _ in groups) / sum(n for _, n in groups)
    if rate in (0, 1):
        return 1.0
    statistic = sum((x - n * rate) ** 2 / (n * rate * (1 - rate)) for x, n in groups)
    return chi_square_tail(statistic, len(groups) - 1)


def chi_square_tail(statistic: float, df: int) -> float:
    """P(X ≥ statistic) for X chi-square with df degrees of freedom: the regularized upper gamma
    Q(df/2, statistic/2), built up from Q(1/2) = erfc(√h) or Q(1) = e^−h by
    Q(a+1, h) = Q(a, h) + h^a e^−h / Γ(a+1)."""
    h = statistic / 2
    a, q = (0.5, math.erfc(math.sqrt(h))) if df % 2 else (1.0, math.exp(-h))
    while a < df / 2:
        q += math.exp(a * math.log(h) - h - math.lgamma(a + 1)) if h > 0 else 0.0
        a += 1
    return min(q, 1.0)


def verdict(p_value: float, *groups: tuple[int, int]) -> str:
    """Plain words for a p-value; groups are the (conversions, customers) it compared."""
    if any(not n for _, n in groups) or p_value is None or math.isnan(p_value):
        return "too few customers to tell"
    if len({x / n for x, n in groups}) == 1:
        return "no difference"
    rate = sum(x for x, _ in groups) / sum(n for _, n in groups)
    # The tests' usual rule of thumb: at least 5 expected conversions and non-conversions per group.
    if any(n * min(rate, 1 - rate) < 5 for _, n in groups):
        return "too few customers to tell"
    return "likely a real difference" if p_value < SIGNIFICANCE else "could be chance"
