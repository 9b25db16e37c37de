"""A pandas brute force of the flow views, per customer, over tables.touchpoints() (see
DESIGN.md, views table): the reference test_flows.py and test_funnels.py compare against."""
from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter

import pandas as pd
from helpers import write_csv
from pandas.testing import assert_frame_equal

from journey_explorer import ingest
from journey_explorer.ingest.layouts import Mapping
from journey_explorer.views import tables

SANKEY = ["step", "source", "target", "customers"]
PATHS = ["path", "customers", "share", "conversions", "conversion_rate"]
FUNNEL = ["step", "name", "customers", "conversion_from_start", "conversion_from_previous",
          "median_seconds_from_previous"]
BIG = 50                           # a `top` that folds nothing here (the implementation caps top at 50)
NAN = float("nan")
T0 = dt.datetime(2024, 3, 1, 10, 0, 0)
WEB_2024 = ("kind=web",), "2024-01-01"   # filters: web touchpoints from 2024 on

# ---------------------------------------------------------------- brute force

def journeys(tp: pd.DataFrame, by: str) -> dict[str, list[tuple]]:
    """customer → [(node, ts, is_conversion)] in sequence order."""
    tp = tp.sort_values(["customer_id", "ts", "origin_file", "origin_row"], kind="mergesort")
    nodes = tp[by].astype(object)
    if by == "campaign":
        nodes = nodes.where(tp[by].notna(), "(no campaign)")
    out: dict[str, list[tuple]] = {}
    for customer, node, ts, conv in zip(tp["customer_id"], nodes, tp["ts"], tp["is_conversion"]):
        out.setdefault(customer, []).append((node, pd.Timestamp(ts), bool(conv)))
    return out


def sequence(events, exclude=(), collapse=False) -> list:
    seq = []
    for node, _, _ in events:
        if node in exclude or (collapse and seq and seq[-1] == node):
            continue
        seq.append(node)
    return seq


def bf_sankey(tp, by="touchpoint", depth=5, top=10, start=None, end=None, collapse_repeats=False, exclude=()):
    seqs = []
    for events in journeys(tp, by).values():
        seq = sequence(events, exclude, collapse_repeats)
        if start is not None:
            if start not in seq:
                continue
            seq = seq[seq.index(start):]
        if end is not None:
            if end not in seq:
                continue
            seq = seq[:seq.index(end) + 1][-depth:]
        if seq:
            seqs.append(seq[:depth])
    counts = [Counter(s[p] for s in seqs if len(s) > p) for p in range(depth)]
    keep = [set(sorted(c, key=lambda n, c=c: (-c[n], n))[:top]) for c in counts]
    links = Counter()
    for s in seqs:
        for p in range(min(len(s), depth - 1)):
            target = (s[p + 1] if s[p + 1] in keep[p + 1] else "Other") if p + 1 < len(s) else "(left)"
            links[(p + 1, s[p] if s[p] in keep[p] else "Other", target)] += 1
    rows = sorted((k + (n,) for k, n in links.items()), key=lambda r: (r[0], -r[3], r[1], r[2]))
    return pd.DataFrame(rows, columns=SANKEY)


def bf_paths(tp, by="touchpoint", depth=5, top=20, collapse_repeats=False, exclude=()):
    js = journeys(tp, by)
    customers, conversions = Counter(), Counter()
    for events in js.values():
        path = " > ".join(sequence(events, exclude, collapse_repeats)[:depth])
        customers[path] += 1
        conversions[path] += any(conv for _, _, conv in events)
    rows = sorted(customers.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return pd.DataFrame([(p, n, n / len(js), conversions[p], conversions[p] / n) for p, n in rows], columns=PATHS)


def greedy_chain(events, i, steps, window) -> list[int]:
    """From start event i, each next step is the earliest later event of that name within the window."""
    chain = [i]
    for name in steps[1:]:
        nxt = next((j for j in range(chain[-1] + 1, len(events)) if events[j][0] == name
                    and (events[j][1] - events[i][1]).total_seconds() <= window), None)
        if nxt is None:
            break
        chain.append(nxt)
    return chain


def bf_funnel(tp, steps, window_seconds=7 * 86400, by="touchpoint"):
    reached, gaps = [0] * len(steps), [[] for _ in steps]
    for events in journeys(tp, by).values():
        chains = [greedy_chain(events, i, steps, window_seconds)
                  for i, (node, _, _) in enumerate(events) if node == steps[0]]
        for k in range(1, len(steps) + 1):
            chain = next((c for c in chains if len(c) >= k), None)   # earliest e1 reaching level >= k
            if chain is None:
                break
            reached[k - 1] += 1
            if k >= 2:
                gaps[k - 1].append((events[chain[k - 1]][1] - events[chain[k - 2]][1]).total_seconds())
    rows = []
    for k, name in enumerate(steps):
        n = reached[k]
        rows.append((k + 1, name, n, n / reached[0] if reached[0] else NAN,
                     1.0 if k == 0 else (n / reached[k - 1] if reached[k - 1] else NAN),
                     statistics.median(gaps[k]) if k and gaps[k] else NAN))
    return pd.DataFrame(rows, columns=FUNNEL)


def same(got: pd.DataFrame, expected: pd.DataFrame, ordered: bool = True):
    """Whole-frame equality: first the rows as a set, then (if ordered) the spec's row order."""
    assert list(got.columns) == list(expected.columns)
    got = got.reset_index(drop=True).copy()
    expected = expected.reset_index(drop=True).copy()
    for col in ("share", "conversion_rate", "conversion_from_start", "conversion_from_previous",
                "median_seconds_from_previous"):
        if col in expected:
            got[col] = pd.to_numeric(got[col].astype(object).where(got[col].notna(), NAN)).astype(float)
            expected[col] = expected[col].astype(float)
    kw = dict(check_dtype=False, check_column_type=False, check_index_type=False)
    key = list(expected.columns)
    assert_frame_equal(got.sort_values(key).reset_index(drop=True),
                       expected.sort_values(key).reset_index(drop=True), **kw)
    if ordered:
        assert_frame_equal(got, expected, **kw)


# ---------------------------------------------------------------- hand-made journeys

def at(seconds: float) -> str:
    return (T0 + dt.timedelta(seconds=seconds)).strftime("%Y-%m-%d %H:%M:%S")


def load(con, tmp_path, *files):
    """Each argument is one file's rows (user, event, seconds after T0[, campaign]): a.csv, b.csv, …"""
    paths, mappings = [], {}
    for i, rows in enumerate(files):
        path = write_csv(tmp_path / f"{'abcdef'[i]}.csv", ["user_id", "event", "ts", "campaign"],
                         [[u, e, at(s), *(c or [""])] for u, e, s, *c in rows])
        paths.append(path)
        mappings[str(path)] = Mapping("Event log", "web", {"user_id": "user_id", "event": "event",
                                                           "timestamp": "ts", "campaign": "campaign"})
    ingest.load_files(con, paths, mappings=mappings)
    return tables.touchpoints(con)


def chain_rows(user, events, step=60):
    return [(user, e, i * step) for i, e in enumerate(events)]
