"""A pandas brute force of the growth view over tables.touchpoints(): period by period, group by
group, with loops where the SQL uses windows and joins. test_growth.py compares against it."""
from __future__ import annotations

import math

import pandas as pd
from pandas.testing import assert_frame_equal

from journey_explorer.filters import Filters
from journey_explorer.views import tables

COLUMNS = ["period", "group", "interactions", "customers", "growth_pct", "share", "conversions",
           "yoy_pct", "index", "complete"]
NEXT = {"day": pd.DateOffset(days=1), "week": pd.DateOffset(days=7), "month": pd.DateOffset(months=1),
        "quarter": pd.DateOffset(months=3), "year": pd.DateOffset(years=1)}


def period_start(ts: pd.Timestamp, period: str) -> pd.Timestamp:
    day = pd.Timestamp(ts).normalize()
    if period == "week":
        return day - pd.Timedelta(days=day.weekday())       # Monday
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    if period == "year":
        return day.replace(month=1, day=1)
    return day


def year_earlier(start: pd.Timestamp, period: str) -> pd.Timestamp:
    return start - (pd.Timedelta(weeks=52) if period == "week" else pd.DateOffset(years=1))


def covered_days(con, filters: Filters | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    everything = tables.touchpoints(con)["ts"]
    first, last = everything.min().normalize(), everything.max().normalize()
    if filters and filters.date_from:
        first = max(first, pd.Timestamp(filters.date_from))
    if filters and filters.date_to:
        last = min(last, pd.Timestamp(filters.date_to))
    return first, last


def pct(now: int, before) -> float:
    return (now - before) * 100 / before if before else math.nan


def bf_growth(con, by="channel", period="month", filters: Filters | None = None, top=8) -> pd.DataFrame:
    tp = tables.touchpoints(con, filters)
    first, last = covered_days(con, filters)
    names = tp[by].astype(object).where(tp[by].notna(), f"(no {by})")
    counts = names.value_counts()
    ranked = sorted(counts.index, key=lambda g: (-counts[g], g))
    kept = ranked if len(ranked) <= top + 1 else ranked[:top]   # never an Other of one group
    groups = kept + (["Other"] if len(kept) < len(ranked) else [])
    tp = tp.assign(grp=names.where(names.isin(kept), "Other"),
                   start=[period_start(t, period) for t in tp["ts"]])

    periods, start = [], period_start(first, period)
    while start <= last:
        periods.append(start)
        start = start + NEXT[period]
    cells = {}
    for (when, grp), rows in tp.groupby(["start", "grp"]):
        cells[(when, grp)] = (len(rows), rows["customer_id"].nunique(), int(rows["is_conversion"].fillna(False).sum()))
    totals = {p: sum(cells.get((p, g), (0,))[0] for g in groups) for p in periods}
    complete = {p: p >= first and p + NEXT[period] - pd.Timedelta(days=1) <= last for p in periods}

    out = []
    for grp in groups:
        series = [cells.get((p, grp), (0, 0, 0)) for p in periods]
        counted = {p: n for p, (n, _, _) in zip(periods, series)}
        base = next((n for p, (n, _, _) in zip(periods, series) if n and complete[p]),
                    next((n for n, _, _ in series if n), 0))
        for i, (p, (n, customers, conversions)) in enumerate(zip(periods, series)):
            before = series[i - 1][0] if i else None
            out.append((p, grp, n, customers, pct(n, before), n / totals[p] if totals[p] else math.nan,
                        conversions, pct(n, counted.get(year_earlier(p, period))),
                        n * 100 / base if base else math.nan, complete[p]))
    order = {g: i for i, g in enumerate(groups)}
    frame = pd.DataFrame(out, columns=COLUMNS)
    return frame.sort_values(["period", "group"], key=lambda s: s.map(order) if s.name == "group" else s,
                             kind="mergesort").reset_index(drop=True)


def same(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Whole-frame equality, row order included; floats to 1e-9."""
    assert list(got.columns) == COLUMNS
    got = got.assign(period=pd.to_datetime(got["period"]))
    assert_frame_equal(got.reset_index(drop=True), expected, check_dtype=False, check_index_type=False,
                       check_column_type=False, rtol=1e-9)
