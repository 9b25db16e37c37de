"""One filter syntax everywhere: ``channel=Email``, ``attrs.device!=mobile``, ``device=mobile`` (a
file's kept column by its bare name), ``attrs.transaction_value>100``, ``customer.plan=pro`` (a
contact-list field), plus a date range. Numbers compare as numbers and dates as dates, as the value
written and the field's values say; names are forgiving (case, spaces, punctuation ignored).
Filters become DuckDB expressions over the touchpoints relation (values are constants in the
expression tree, never SQL text), registered as the view ``scope`` that view queries read.
"""
from __future__ import annotations

import datetime as dt
import difflib
import operator
import re
import weakref
from dataclasses import dataclass, replace
from functools import reduce

import duckdb
from duckdb import CoalesceOperator, ColumnExpression, ConstantExpression, FunctionExpression
from duckdb.sqltypes import DATE, DOUBLE, TIMESTAMP

from .model import FILTER_COLUMNS, did_you_mean

# The name: letters, digits, _ . - and spaces (a header such as "Lifecycle Stage"); no quotes or
# brackets, so nothing but a field name can sit before the operator.
WHERE = re.compile(r"^\s*(?P<field>[A-Za-z_][\w .-]*?)\s*(?P<op>!=|>=|<=|=|>|<)\s*(?P<value>.*?)\s*$")
ORDERS = (">", ">=", "<", "<=")
ATTRS, CUSTOMER = "attrs.", "customer."
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
# A field is numbers (or dates) when this share of its values read as such; the rest (an "N/A")
# simply never matches a comparison.
TYPED_SHARE = 0.9
SAMPLE = 2000


class FilterError(ValueError):
    """A filter a user wrote that cannot be understood."""


@dataclass(frozen=True)
class Condition:
    field: str
    value: str
    negate: bool = False   # != (only with op "=")
    op: str = "="          # "=", or an order: > >= < <=

    @property
    def operator(self) -> str:
        return "!=" if self.negate else self.op


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
    """The syntax only: whether a bare name is a kept attribute is known once the data is
    (resolve)."""
    match = WHERE.match(text or "")
    if not match or match["field"].rstrip(".") in ("attrs", "customer"):
        raise FilterError(f'"{text}" is not a filter; write it as field=value, e.g. channel=Email, '
                          "device=mobile or attrs.transaction_value>100.")
    op, name = match["op"], match["field"]
    typo = _typo_of_column(name)
    if typo:
        raise FilterError(f'"{name}" is not something to filter on. Did you mean "{typo}"? A column of your '
                          f"own file with that name is written attrs.{name}.")
    if op in ORDERS and not match["value"]:
        raise FilterError(f'"{text}" has nothing to compare with; e.g. attrs.transaction_value>100.')
    return Condition(name, match["value"], op == "!=", "=" if op in ("=", "!=") else op)


def _typo_of_column(name: str) -> str | None:
    """The column a bare name is one slip away from ("chanel"), caught before the data is at hand
    (a sidebar has no workspace to ask); a kept column spelt so is reached as attrs.<name>."""
    if name in FILTER_COLUMNS or name.startswith(ATTRS) or name.lower().startswith(CUSTOMER):
        return None
    if any(plain(c) == plain(name) for c in FILTER_COLUMNS):
        return None   # "Channel", "session id": the column itself
    close = difflib.get_close_matches(name.lower(), FILTER_COLUMNS, n=1, cutoff=0.85)
    return close[0] if close and abs(len(close[0]) - len(name)) <= 2 else None


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


# ---------------------------------------------------------------- names

def plain(name: str) -> str:
    """A name with case, spaces and punctuation left out: how names are matched forgivingly."""
    return re.sub(r"[^a-z0-9]+", "", str(name).lower())


def path(key: str) -> str:
    return '$."' + key.replace('"', '\\"') + '"'


def _has_attribute(con, key: str) -> bool:
    found = con.table("touchpoints").filter(
        FunctionExpression("json_exists", ColumnExpression("attrs"), ConstantExpression(path(key))))
    return bool(found.limit(1).fetchall())


def attribute_names(con) -> list[str]:
    """The keys kept in attrs: every other column of the files loaded."""
    keys = con.table("touchpoints").filter(ColumnExpression("attrs").isnotnull()).select(
        FunctionExpression("unnest", FunctionExpression("json_keys", ColumnExpression("attrs"))).alias("k"))
    return sorted(r[0] for r in keys.distinct().fetchall())


def customer_field_names(con) -> list[str] | None:
    """The contact lists' column names; None before the first list is loaded."""
    try:
        table = con.table("customer_fields")
    except duckdb.CatalogException:
        return None
    keys = table.select(FunctionExpression("unnest", FunctionExpression("json_keys", ColumnExpression("fields")))
                        .alias("k"))
    return sorted(r[0] for r in keys.distinct().fetchall())


def customer_key(con, wanted: str) -> str:
    """A contact-list column as the lists spell it: case, spaces and punctuation ignored."""
    names = customer_field_names(con)
    if names is None:
        raise FilterError(f'"{CUSTOMER}{wanted}" is a customer field, and no contact list is loaded yet.')
    found = next((n for n in names if n == wanted), None) or next(
        (n for n in names if plain(n) == plain(wanted)), None)
    if found is None:
        raise FilterError(f'No contact list has a field "{wanted}"; they have {", ".join(names[:12])}.'
                          + did_you_mean(wanted, names))
    return found


# Per connection: what names resolved to and what fields hold, until a load changes the data. A
# forgiving name costs a scan of every touchpoint's attributes, and a page draws many views.
_MEMO: dict[int, tuple] = {}


def _fingerprint(con) -> tuple:
    stamp = con.table("touchpoints").aggregate([FunctionExpression("count_star")]).fetchall()[0]
    loads = con.table("loads").aggregate([FunctionExpression("count_star"), FunctionExpression(
        "max", ColumnExpression("load_id")), FunctionExpression("max", ColumnExpression("loaded_at"))])
    return tuple(stamp) + tuple(loads.fetchall()[0])


def _remembered(con, key: tuple, compute):
    try:
        ref = weakref.ref(con)
    except TypeError:
        return compute()
    stamp = _fingerprint(con)
    held = _MEMO.get(id(con))
    if held is None or held[0]() is not con or held[1] != stamp:
        if len(_MEMO) > 16:
            _MEMO.clear()
        held = _MEMO[id(con)] = (ref, stamp, {})
    if key not in held[2]:
        held[2][key] = compute()
    return held[2][key]


def resolve_field(con, name: str, columns=FILTER_COLUMNS) -> str:
    """The field a name stands for: a touchpoint column, attrs.<key> as the files spell it, or
    customer.<field>. A bare name is a column first, then a kept attribute."""
    name = name.strip()
    if name in columns:
        return name
    return _remembered(con, ("field", name, tuple(columns)), lambda: _resolve_field(con, name, columns))


def _resolve_field(con, name: str, columns) -> str:
    if name.lower().startswith(CUSTOMER):
        return CUSTOMER + customer_key(con, name[len(CUSTOMER):].strip())
    explicit = name.startswith(ATTRS)
    key = name.removeprefix(ATTRS) if explicit else name
    if _has_attribute(con, key):
        return ATTRS + key
    column = None if explicit else next((c for c in columns if plain(c) == plain(key)), None)
    if column:
        return column
    keys = attribute_names(con)
    found = next((k for k in keys if plain(k) == plain(key)), None)
    if found is not None:
        return ATTRS + found
    if explicit:
        return name   # an attribute no file has: it matches nothing, as a value no row has
    field = next((f for f in customer_field_names(con) or () if plain(f) == plain(key)), None)
    if field is not None:
        return CUSTOMER + field   # no file has it, a contact list does
    kept = f'; kept columns of your files: {", ".join(keys[:15])}' if keys else ""
    raise FilterError(f'"{name}" is not something to filter on. Fields: {", ".join(columns)}{kept}.'
                      + did_you_mean(key, list(columns) + keys)
                      + " Attributes can also be written attrs.<name>, e.g. attrs.device.")


def resolve(con, conditions) -> tuple[Condition, ...]:
    """The conditions with their fields as resolve_field says (FilterError for unknown names)."""
    names: dict[str, str] = {}
    for c in conditions:
        if c.field not in names:
            names[c.field] = resolve_field(con, c.field)
    return tuple(replace(c, field=names[c.field]) for c in conditions)


# ---------------------------------------------------------------- typed matching

def value_of(field: str):
    """A field's value per row as text: a column, an attribute, or a customer field (on the
    column customer_fields, which the caller joins on)."""
    if field.startswith(ATTRS):
        return FunctionExpression("json_extract_string", ColumnExpression("attrs"),
                                  ConstantExpression(path(field.removeprefix(ATTRS))))
    if field.startswith(CUSTOMER):
        return FunctionExpression("json_extract_string", ColumnExpression("customer_fields"),
                                  ConstantExpression(path(field.removeprefix(CUSTOMER))))
    return ColumnExpression(field)


def number(text: str) -> float | None:
    return float(text) if NUMBER.match(str(text).strip()) else None


def moment(text: str) -> dt.date | dt.datetime | None:
    """A date (or, with a time, a timestamp in UTC) the user wrote, ISO style."""
    text = str(text).strip()
    if not ISO_DATE.match(text):
        return None
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        stamp = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return stamp.astimezone(dt.timezone.utc).replace(tzinfo=None) if stamp.tzinfo else stamp


def profile(con, field: str) -> str:
    """number, date, text or empty: what a sample of the field's values read as."""
    return _remembered(con, ("profile", field), lambda: _profile(con, field))


def _profile(con, field: str) -> str:
    if field.startswith(CUSTOMER):
        if customer_field_names(con) is None:
            return "empty"
        rows = con.table("customers").select(ColumnExpression("fields").alias("customer_fields"))
    else:
        rows = con.table("touchpoints")
    value = ColumnExpression("v")
    sample = rows.select(value_of(field).alias("v")).filter(value.isnotnull()).limit(SAMPLE)
    # "0042" is an id or a code, not the number 42.
    numbers = value.try_cast(DOUBLE).isnotnull() & ~FunctionExpression(
        "regexp_matches", value, ConstantExpression(r"^\s*[+-]?0\d"))
    dates = value.try_cast(TIMESTAMP).isnotnull() & FunctionExpression(
        "regexp_matches", value, ConstantExpression(r"^\s*\d{4}-\d{2}-\d{2}"))
    n, numeric, dated = sample.aggregate([FunctionExpression("count", value), FunctionExpression("count_if", numbers),
                                          FunctionExpression("count_if", dates)]).fetchall()[0]
    if not n:
        return "empty"
    return "number" if numeric >= TYPED_SHARE * n else "date" if dated >= TYPED_SHARE * n else "text"


def typed(condition: Condition, kind: str):
    """How the condition compares: (number, 100.0), (date, date/datetime) or (text, value)."""
    value, op = condition.value, condition.op
    as_number, as_moment = number(value), moment(value)
    if as_number is not None and kind in ("number", "empty"):
        return "number", as_number
    if as_moment is not None and kind in ("date", "empty"):
        return "date", as_moment
    if op == "=":
        return "text", value
    name = condition.field.removeprefix(ATTRS).removeprefix(CUSTOMER).replace("_", " ")
    if as_number is None and as_moment is None:
        raise FilterError(f'"{name} {op} {value}" needs a number or a date after {op}; to match words, '
                          "use = or !=.")
    if kind == "text":
        raise FilterError(f"{name} holds words, not numbers or dates, so it cannot be compared with {op}; "
                          "use = or != instead.")
    example = "100" if kind == "number" else "2024-06-01"
    raise FilterError(f"{name} holds {kind}s, so compare it with a {kind} such as {example}.")


COMPARE = {"=": operator.eq, ">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}


def match(condition: Condition, kind: str = "empty"):
    """True for the rows whose field matches (negation aside); `kind` is profile()'s answer."""
    how, value = typed(condition, kind)
    column = value_of(condition.field)
    if how == "text":
        return column.isin(ConstantExpression(value))
    cast = DOUBLE if how == "number" else DATE if type(value) is dt.date else TIMESTAMP
    return COMPARE[condition.op](column.try_cast(cast), ConstantExpression(value))


def _needs_profile(condition: Condition) -> bool:
    return condition.op in ORDERS or number(condition.value) is not None or moment(condition.value) is not None


def kinds(con, conditions) -> dict[str, str]:
    """profile() of each field whose conditions could compare as numbers or dates (none without
    a connection: the value written decides)."""
    fields = dict.fromkeys(c.field for c in conditions if _needs_profile(c))
    return {f: profile(con, f) if con is not None else "empty" for f in fields}


def _conditions(conditions, kind_of: dict[str, str]) -> list:
    parts = []
    # Conditions =/!= on the same field are alternatives (channel=Email, channel=Phone); fields,
    # and comparisons (a range: >100 and <200), combine.
    groups: dict[tuple, list[Condition]] = {}
    for i, cond in enumerate(conditions):
        key = (cond.field, cond.negate) if cond.op == "=" else (cond.field, cond.op, i)
        groups.setdefault(key, []).append(cond)
    for group in groups.values():
        words = [c.value for c in group if typed(c, kind_of.get(c.field, "text"))[0] == "text"]
        found = [match(c, kind_of.get(c.field, "text")) for c in group if c.value not in words]
        if words:
            found.append(value_of(group[0].field).isin(*(ConstantExpression(v) for v in words)))
        either = reduce(operator.or_, found)
        parts.append(~CoalesceOperator(either, ConstantExpression(False)) if group[0].negate else either)
    return parts


def _all(parts):
    return reduce(operator.and_, parts) if parts else None


def expression(filters: Filters, con=None):
    """A DuckDB expression that is true for the touchpoints the filters keep, or None. Give the
    connection so that fields are typed by their values (without it, by the value written);
    customer fields are register_scope's."""
    own = [c for c in filters.where if not c.field.startswith(CUSTOMER)]
    parts = _conditions(own, kinds(con, own))
    if filters.date_from:
        parts.append(ColumnExpression("ts") >= ConstantExpression(dt.datetime.combine(filters.date_from, dt.time())))
    if filters.date_to:
        end = dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time())
        parts.append(ColumnExpression("ts") < ConstantExpression(end))
    return _all(parts)


def contacts(con):
    """customer_id and customer_fields (their contact-list fields) of the customers on a list."""
    return con.table("customers").select(ColumnExpression("customer_id"),
                                         ColumnExpression("fields").alias("customer_fields"))


def register_scope(con, filters: Filters | None = None) -> None:
    """Make the view `scope` = the touchpoints these filters keep (for this connection only)."""
    filters = filters or Filters()
    if filters.where:
        filters = replace(filters, where=resolve(con, filters.where))
    relation = con.table("touchpoints")
    condition = expression(filters, con)
    if condition is not None:
        relation = relation.filter(condition)
    people = [c for c in filters.where if c.field.startswith(CUSTOMER)]
    if people:
        # A customer with no contact-list row has no field: "plan!=pro" keeps them, "plan=pro" not.
        everyone = relation.select(ColumnExpression("customer_id")).distinct().join(contacts(con), "customer_id",
                                                                                  how="left")
        kept = everyone.filter(_all(_conditions(people, kinds(con, people)))).select(ColumnExpression("customer_id"))
        relation = relation.join(kept, "customer_id", how="semi")
    if filters.segment is not None:
        # Who is in the segment is decided on the touchpoints the filters keep.
        relation = relation.join(filters.segment.customers(con, relation), "customer_id", how="semi")
    con.register("scope", relation)
