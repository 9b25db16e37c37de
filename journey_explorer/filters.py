"""One filter syntax everywhere: ``channel=Email``, ``attrs.device!=mobile``, plus a date range.

Filters become DuckDB expressions over the touchpoints relation (values are constants in the
expression tree, never SQL text) and the result is registered as the view ``scope`` that view
queries read.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from duckdb import ColumnExpression, ConstantExpression, FunctionExpression

from .model import FILTER_COLUMNS, did_you_mean

WHERE = re.compile(r"^\s*(?P<field>[A-Za-z_][\w.]*)\s*(?P<op>!=|=)\s*(?P<value>.*?)\s*$")


class FilterError(ValueError):
    """A filter a user wrote that cannot be understood."""


@dataclass(frozen=True)
class Condition:
    field: str
    value: str
    negate: bool = False


@dataclass(frozen=True)
class Filters:
    where: tuple[Condition, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    # Keep only this segment's customers (segments.Segment: .customers(con, relation) says who),
    # so every view can be drawn for one segment without a change of its own.
    segment: object | None = None

    def is_empty(self) -> bool:
        return self.keeps_whole_journeys() and self.segment is None

    def keeps_whole_journeys(self) -> bool:
        """Nothing but (at most) a segment, which keeps or drops a customer's whole journey, so
        the steps numbered at load still hold."""
        return not self.where and self.date_from is None and self.date_to is None


def parse_condition(text: str) -> Condition:
    match = WHERE.match(text or "")
    if not match:
        raise FilterError(f'"{text}" is not a filter; write it as field=value, e.g. channel=Email '
                          "or attrs.device=mobile.")
    name = match["field"]
    if not name.startswith("attrs.") and name not in FILTER_COLUMNS:
        raise FilterError(f'"{name}" is not something to filter on.' + did_you_mean(name, FILTER_COLUMNS)
                          + " Attributes are written attrs.<name>, e.g. attrs.device.")
    return Condition(name, match["value"], match["op"] == "!=")


def parse_date(text: str | None, label: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise FilterError(f'The {label} date "{text}" should look like 2024-01-31.') from None


def parse_filters(where=(), date_from: str | None = None, date_to: str | None = None) -> Filters:
    filters = Filters(tuple(parse_condition(w) for w in where or ()),
                      parse_date(date_from, "from"), parse_date(date_to, "to"))
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise FilterError("The from date is after the to date.")
    return filters


def expression(filters: Filters):
    """A DuckDB expression that is true for the touchpoints the filters keep, or None."""
    parts = []
    # Conditions on the same field are alternatives (channel=Email, channel=Phone); fields combine.
    by_field: dict[tuple[str, bool], list[str]] = {}
    for cond in filters.where:
        by_field.setdefault((cond.field, cond.negate), []).append(cond.value)
    for (name, negate), values in by_field.items():
        column = (FunctionExpression("json_extract_string", ColumnExpression("attrs"),
                                     ConstantExpression(f'$."{name[len("attrs."):]}"'))
                  if name.startswith("attrs.") else ColumnExpression(name))
        found = column.isin(*(ConstantExpression(v) for v in values))
        parts.append(~found | column.isnull() if negate else found)
    if filters.date_from:
        parts.append(ColumnExpression("ts") >= ConstantExpression(dt.datetime.combine(filters.date_from, dt.time())))
    if filters.date_to:
        end = dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time())
        parts.append(ColumnExpression("ts") < ConstantExpression(end))
    if not parts:
        return None
    combined = parts[0]
    for part in parts[1:]:
        combined = combined & part
    return combined


def register_scope(con, filters: Filters | None = None) -> None:
    """Make the view `scope` = the touchpoints these filters keep (for this connection only)."""
    relation = con.table("touchpoints")
    condition = expression(filters or Filters())
    if condition is not None:
        relation = relation.filter(condition)
    if filters is not None and filters.segment is not None:
        # Who is in the segment is decided on the touchpoints the filters keep.
        relation = relation.join(filters.segment.customers(con, relation), "customer_id", how="semi")
    con.register("scope", relation)
