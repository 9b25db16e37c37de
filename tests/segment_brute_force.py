"""A pandas brute force of the segments views over tables.touchpoints() (see DESIGN.md, views
table): who is in a segment, the numbers compared, the diverging steps and the split by a field,
the reference test_segments.py compares against."""
from __future__ import annotations

import datetime as dt
import json
import math
import re
import statistics
from statistics import NormalDist

import pandas as pd
from helpers import write_csv

from journey_explorer import ingest
from journey_explorer.ingest.layouts import Mapping
from journey_explorer.views import tables

COMPARE = ["segment", "customers", "conversions", "conversion_rate", "touchpoints_per_customer",
           "median_days_to_convert", "p_value", "value_per_customer"]
T0 = dt.datetime(2024, 3, 1, 10, 0, 0)
NAN = float("nan")


def ordered(tp: pd.DataFrame) -> pd.DataFrame:
    """Touchpoints in journey order: customer, time, file, row."""
    return tp.sort_values(["customer_id", "ts", "origin_file", "origin_row"], kind="mergesort")


def attribute(attrs, name: str):
    if not isinstance(attrs, str):
        return None
    value = json.loads(attrs).get(name)
    return value if value is None or isinstance(value, str) else json.dumps(value)


def field_of(tp: pd.DataFrame, field: str) -> pd.Series:
    """One field per touchpoint as text (None when missing): a column or attrs.<name>."""
    if field.startswith("attrs."):
        return tp["attrs"].map(lambda a: attribute(a, field[len("attrs."):]))
    return tp[field].astype(object).where(tp[field].notna(), None)


OPS = ("!=", ">=", "<=", "=", ">", "<")
ORDER = {">": lambda a, b: a > b, ">=": lambda a, b: a >= b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
         "=": lambda a, b: a == b}


def parse(text: str) -> tuple[str, str, bool, str]:
    """field, value, negate, op: the earliest operator splits (longer ones first where they start
    at the same place)."""
    at = min((text.find(op), -len(op), op) for op in OPS if op in text)
    field, op = text[:at[0]], at[2]
    return field.strip(), text[at[0] + len(op):].strip(), op == "!=", "=" if op == "!=" else op


def plain(name: str) -> str:
    return "".join(ch for ch in str(name).lower() if ch.isalnum())


def field_name(tp: pd.DataFrame, name: str, customers=None) -> str:
    """A name as the data spells it: a column, customer.<field> or attrs.<key>, forgiving."""
    if name in tp.columns and name not in ("attrs", "ts", "value", "is_conversion"):
        return name
    if name.lower().startswith("customer."):
        keys = {k for f in (customers or {}).values() for k in f}
        return "customer." + next(k for k in keys if plain(k) == plain(name[len("customer."):]))
    key = name.removeprefix("attrs.")
    keys = {k for a in tp["attrs"].dropna() for k in json.loads(a)}
    return "attrs." + next((k for k in keys if plain(k) == plain(key)), key)


def values_of(tp: pd.DataFrame, field: str, customers=None) -> pd.Series:
    if field.startswith("customer."):
        key = field[len("customer."):]
        got = [(customers or {}).get(c, {}).get(key) for c in tp["customer_id"]]
        return pd.Series([v if v is None or isinstance(v, str) else json.dumps(v) for v in got],
                         index=tp.index, dtype=object)
    values = field_of(tp, field).astype(object)
    return values.where(values.notna(), None)


def as_number(text):
    """A number, but not a code with a leading zero ("003")."""
    if text is None or re.match(r"\s*[+-]?0\d", str(text)):
        return None
    try:
        return float(text)
    except ValueError:
        return None


def typed_hit(values: pd.Series, value: str, op: str) -> pd.Series:
    """Numbers as numbers when both the value and the field's values are numbers, dates as dates
    when both are ISO dates, else text (= only)."""
    present = values.dropna()
    number = as_number(value)
    if number is not None and len(present) and present.map(lambda v: as_number(v) is not None).all():
        return values.map(lambda v: v is not None and ORDER[op](float(v), number))
    is_date = len(value) == 10 and value[4] == "-"
    if is_date and len(present) and present.map(lambda v: str(v)[4:5] == "-").all():
        day = pd.Timestamp(value)
        return values.map(lambda v: v is not None and ORDER[op](pd.Timestamp(v).normalize(), day))
    assert op == "=", (value, op)
    return values.map(lambda v: v == value)


def matches(tp: pd.DataFrame, field: str, value: str, op: str = "=", customers=None) -> pd.Series:
    if field == "date":
        low, high = value.split("..")
        hit = pd.Series(True, index=tp.index)
        if low:
            hit &= tp["ts"] >= pd.Timestamp(low)
        if high:
            hit &= tp["ts"] < pd.Timestamp(high) + pd.Timedelta(days=1)
        return hit
    field = field_name(tp, field, customers)
    return typed_hit(values_of(tp, field, customers), value, op).astype(bool)


def bf_where(tp: pd.DataFrame, texts, customers=None) -> pd.Series:
    """Which touchpoints --where keeps: = / != on one field are alternatives, the rest combine; a
    missing value is "not equal"."""
    keep = pd.Series(True, index=tp.index)
    groups: dict = {}
    for i, text in enumerate(texts):
        field, value, negate, op = parse(text)
        groups.setdefault((field, negate) if op == "=" else (field, op, i), []).append((value, op, negate))
    for (field, *_), conditions in groups.items():
        hit = pd.Series(False, index=tp.index)
        for value, op, _negate in conditions:
            hit |= matches(tp, field, value, op, customers)
        keep &= ~hit if conditions[0][2] else hit
    return keep


def members(tp: pd.DataFrame, conditions, customers=None) -> set[str]:
    """Customers meeting every condition: any touchpoint matches (none for !=), or for first.
    the first touchpoint in journey order; customers: customer id → contact-list fields."""
    tp = ordered(tp)
    keep = pd.Series(True, index=pd.Index(tp["customer_id"].unique()))
    for text in conditions:
        field, value, negate, op = parse(text)
        first = field.startswith("first.")
        hit = matches(tp, field.removeprefix("first."), value, op, customers).groupby(tp["customer_id"], sort=False)
        keep &= (hit.first() if first else hit.any()).reindex(keep.index).astype(bool) != negate
    return set(keep[keep].index)


def z_test_p(x1, n1, x2, n2) -> float:
    pooled = (x1 + x2) / (n1 + n2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if spread == 0:
        return 1.0
    return 2 * (1 - NormalDist().cdf(abs(x1 / n1 - x2 / n2) / spread))


def bf_compare(tp: pd.DataFrame, segments: list[tuple[str, list[str]]]) -> pd.DataFrame:
    rows = []
    for name, conditions in segments:
        who = members(tp, conditions)
        mine = tp[tp["customer_id"].isin(who)]
        per = {c: g for c, g in mine.groupby("customer_id")}
        converted = {c: g for c, g in per.items() if g["is_conversion"].any()}
        days = [(g.loc[g["is_conversion"], "ts"].min() - g["ts"].min()).total_seconds() / 86400
                for g in converted.values()]
        value = sum(g.loc[g["is_conversion"], "value"].fillna(0).sum() for g in per.values())
        n = len(who)
        rows.append([name, n, len(converted), len(converted) / n if n else NAN,
                     len(mine) / n if n else NAN, statistics.median(days) if days else NAN, NAN,
                     value / n if n else NAN])
    frame = pd.DataFrame(rows, columns=COMPARE)
    first = frame.iloc[0]
    for i in range(1, len(frame)):
        row = frame.iloc[i]
        if first["customers"] and row["customers"]:
            frame.loc[i, "p_value"] = z_test_p(first["conversions"], first["customers"],
                                               row["conversions"], row["customers"])
    return frame


def bf_diverging(tp: pd.DataFrame, segments, by: str = "touchpoint", top: int = 15, exclude=()) -> pd.DataFrame:
    """step, segment, share, difference for the top steps by spread (empty segments have no share)."""
    steps = tp.assign(step=tp[by].astype(object).where(tp[by].notna(), f"(no {by})"))
    steps = steps[~steps["step"].isin(list(exclude))]
    shares = {}
    for name, conditions in segments:
        who = members(tp, conditions)
        had = steps[steps["customer_id"].isin(who)].groupby("step")["customer_id"].nunique()
        shares[name] = had / len(who) if who else had.astype(float)
    wide = pd.DataFrame(shares)
    for name, conditions in segments:
        if members(tp, conditions):
            wide[name] = wide[name].fillna(0.0)
    difference = wide.max(axis=1) - wide.min(axis=1)
    order = sorted(wide.index, key=lambda step: (-difference[step], step))[:top]
    rows = [(step, name, wide.at[step, name], difference[step]) for step in order for name, _ in segments]
    return pd.DataFrame(rows, columns=["step", "segment", "share", "difference"])


def bf_split(tp: pd.DataFrame, field: str, top: int = 4) -> list[tuple[str, int]]:
    tp = ordered(tp)
    firsts = field_of(tp, field_name(tp, field)).groupby(tp["customer_id"], sort=False).first(skipna=False).dropna()
    counts = firsts.value_counts()
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]


def bf_overlap(tp: pd.DataFrame, segments) -> int:
    seen = pd.Series([c for _, conditions in segments for c in members(tp, conditions)])
    return int((seen.value_counts() > 1).sum())


# ---------------------------------------------------------------- hand-made customers

def at(seconds: float) -> str:
    return (T0 + dt.timedelta(seconds=seconds)).strftime("%Y-%m-%d %H:%M:%S")


def load(con, tmp_path, *files) -> pd.DataFrame:
    """Each argument is one file's rows (user, event, seconds after T0, device, value):
    a.csv, b.csv, … loaded as web events with device as an attribute."""
    paths, mappings = [], {}
    for i, rows in enumerate(files):
        path = write_csv(tmp_path / f"{'abcdef'[i]}.csv", ["user_id", "event", "ts", "device", "value"],
                         [[u, e, at(s), d, v] for u, e, s, d, v in rows])
        paths.append(path)
        mappings[str(path)] = Mapping("Event log", "web", {"user_id": "user_id", "event": "event",
                                                           "timestamp": "ts", "value": "value"},
                                      {"device": "device"})
    ingest.load_files(con, paths, mappings=mappings)
    return tables.touchpoints(con)


def users(con) -> dict[str, str]:
    """Pseudonymous customer id → the user id of the hand-made rows."""
    return dict(con.execute("SELECT customer_id, id_value FROM identities WHERE id_type = 'user_id'").fetchall())
