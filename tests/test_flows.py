"""Journey flows (Sankey links, top paths, funnel) against a pandas brute force over the touchpoints.

The brute force works per customer on views.touchpoints(con, filters): sequence ordered by
(ts, origin_file, origin_row), node = the `by` column, exclude then collapse, and so on (see
DESIGN.md, views table). Small hand-made journeys pin the edges with explicit expected frames;
the demo data compares whole frames at realistic scale.
"""
from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter
from fnmatch import fnmatchcase

import pandas as pd
import pytest
from helpers import write_csv
from pandas.testing import assert_frame_equal

from journey_explorer import db, demo, ingest, views
from journey_explorer.filters import parse_filters
from journey_explorer.layouts import Mapping

flows = pytest.importorskip("journey_explorer.flows")

SANKEY = ["step", "source", "target", "customers"]
PATHS = ["path", "customers", "share", "conversions", "conversion_rate"]
FUNNEL = ["step", "name", "customers", "conversion_from_start", "conversion_from_previous",
          "median_seconds_from_previous"]
BIG = 50                           # a `top` that folds nothing here (the implementation caps top at 50)
NAN = float("nan")
T0 = dt.datetime(2024, 3, 1, 10, 0, 0)


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
    return views.touchpoints(con)


def chain_rows(user, events, step=60):
    return [(user, e, i * step) for i, e in enumerate(events)]


def test_order_is_ts_then_file_then_row(con, tmp_path):
    # same second: a.csv rows 1,2 (Y then X), then b.csv (W); V in b.csv is a second earlier
    tp = load(con, tmp_path, [("u1", "Y", 0), ("u1", "X", 0), ("u2", "X", 0)],
              [("u1", "W", 0), ("u1", "V", -1), ("u2", "W", 0)])
    got = flows.top_paths(con, depth=5)
    expected = pd.DataFrame([("V > Y > X > W", 1, 0.5, 0, 0.0), ("X > W", 1, 0.5, 0, 0.0)], columns=PATHS)
    same(got, expected)
    same(got, bf_paths(tp))
    same(flows.sankey_links(con, depth=3), pd.DataFrame(
        [(1, "V", "Y", 1), (1, "X", "W", 1), (2, "W", "(left)", 1), (2, "Y", "X", 1)], columns=SANKEY))


TOP_CASE = [list("AB"), list("ACD"), list("A"), list("BC"), list("CB"), list("C"), list("AE"), list("BE")]


def test_top_folds_into_other_and_never_folds_left(con, tmp_path):
    tp = load(con, tmp_path, [r for i, ev in enumerate(TOP_CASE) for r in chain_rows(f"c{i}", ev)])
    # position 1: A 4, B 2, C 2 → C folds (tie broken alphabetically); position 2: B, C, E tie at 2 → E folds
    expected = pd.DataFrame([
        (1, "A", "(left)", 1), (1, "A", "B", 1), (1, "A", "C", 1), (1, "A", "Other", 1), (1, "B", "C", 1),
        (1, "B", "Other", 1), (1, "Other", "(left)", 1), (1, "Other", "B", 1),
        (2, "B", "(left)", 2), (2, "Other", "(left)", 2), (2, "C", "(left)", 1), (2, "C", "D", 1),
    ], columns=SANKEY)
    got = flows.sankey_links(con, depth=3, top=2)
    same(got, expected)
    same(got, bf_sankey(tp, depth=3, top=2))
    for kw in (dict(depth=2, top=1), dict(depth=4, top=BIG), dict(depth=3, top=3), dict(depth=5, top=1, start="C")):
        same(flows.sankey_links(con, **kw), bf_sankey(tp, **kw))
    # a single touchpoint leaves at step 1 (c2, c5 above); from position `depth` there is no link at all,
    # so depth 1 draws nothing: an empty frame, or a plain error if the implementation refuses depth 1
    try:
        shallow = flows.sankey_links(con, depth=1)
    except ValueError as exc:
        assert "Depth" in str(exc)
    else:
        assert shallow.empty and list(shallow.columns) == SANKEY


def test_exclude_comes_before_collapse(con, tmp_path):
    tp = load(con, tmp_path, chain_rows("u1", list("AABXAC")) + chain_rows("u2", list("AXAB"))
              + chain_rows("u3", list("XB")) + [("u4", "purchase", 0), ("u4", "A", 60), ("u4", "A", 120)])
    got = flows.top_paths(con, depth=3, collapse_repeats=True, exclude=("X", "purchase"))
    # u2: A X A B → A A B → A B (collapsing first would keep A A B); u4 converted on an excluded node
    expected = pd.DataFrame([("A", 1, 0.25, 1, 1.0), ("A > B", 1, 0.25, 0, 0.0),
                             ("A > B > A", 1, 0.25, 0, 0.0), ("B", 1, 0.25, 0, 0.0)], columns=PATHS)
    same(got, expected)
    for kw in (dict(), dict(collapse_repeats=True), dict(exclude=("X",)), dict(depth=2, top=2)):
        same(flows.top_paths(con, **kw), bf_paths(tp, **kw))
    same(flows.sankey_links(con, depth=4, collapse_repeats=True, exclude=("X",)), pd.DataFrame([
        (1, "A", "B", 2), (1, "B", "(left)", 1), (1, "purchase", "A", 1),
        (2, "A", "(left)", 1), (2, "B", "(left)", 1), (2, "B", "A", 1), (3, "A", "C", 1)], columns=SANKEY))
    for kw in (dict(collapse_repeats=True), dict(exclude=("A",), depth=3), dict(collapse_repeats=True, exclude=("X",))):
        same(flows.sankey_links(con, **kw), bf_sankey(tp, **kw))


START_END = [list("XABCAD"), list("BC"), list("A"), list("CABCD"), list("CAB"), list("ABABABC")]


def test_start_and_end(con, tmp_path):
    tp = load(con, tmp_path, [r for i, ev in enumerate(START_END) for r in chain_rows(f"c{i}", ev)])
    # start=A: sequences begin at their first A; customers without A are gone
    same(flows.sankey_links(con, depth=3, start="A"), pd.DataFrame([
        (1, "A", "B", 4), (1, "A", "(left)", 1), (2, "B", "C", 2), (2, "B", "(left)", 1), (2, "B", "A", 1)],
        columns=SANKEY))
    # end=C: cut after the first C, keep the last 3 nodes (c5: A B A B A B C → A B C; c3, c4: just C)
    same(flows.sankey_links(con, depth=3, end="C"), pd.DataFrame([
        (1, "A", "B", 2), (1, "C", "(left)", 2), (1, "B", "C", 1), (2, "B", "C", 2), (2, "C", "(left)", 1)],
        columns=SANKEY))
    # both: from the first A to the first C after it; c4 (C A B) has no C after its A
    same(flows.sankey_links(con, depth=3, start="A", end="C"), pd.DataFrame([
        (1, "A", "B", 3), (2, "B", "C", 3)], columns=SANKEY))
    for kw in (dict(start="A"), dict(end="C"), dict(start="B", end="D", depth=4), dict(start="C", depth=2, top=1),
               dict(end="B", collapse_repeats=True), dict(start="A", exclude=("B",))):
        same(flows.sankey_links(con, **kw), bf_sankey(tp, **kw))


def test_campaign_nodes_and_other_bys(con, tmp_path):
    tp = load(con, tmp_path, [("u1", "A", 0, "spring"), ("u1", "B", 60), ("u1", "purchase", 120, "spring"),
                              ("u2", "A", 0), ("u3", "B", 0, "fall"), ("u3", "A", 30, "spring")])
    same(flows.top_paths(con, by="campaign", depth=3), pd.DataFrame([
        ("(no campaign)", 1, 1 / 3, 0, 0.0), ("fall > spring", 1, 1 / 3, 0, 0.0),
        ("spring > (no campaign) > spring", 1, 1 / 3, 1, 1.0)], columns=PATHS))
    for by in ("campaign", "channel", "stage"):
        same(flows.sankey_links(con, by=by, depth=3), bf_sankey(tp, by=by, depth=3))
        same(flows.top_paths(con, by=by, collapse_repeats=True), bf_paths(tp, by=by, collapse_repeats=True))
    same(flows.funnel(con, ["spring", "(no campaign)"], 60, by="campaign"),
         bf_funnel(tp, ["spring", "(no campaign)"], 60, by="campaign"))


def test_funnel_window_edges_and_ties(con, tmp_path):
    w = 3600
    tp = load(con, tmp_path, [("u1", "A", 0), ("u1", "B", w),            # exactly the window: counts
                              ("u2", "A", 0), ("u2", "B", w + 1),        # one second more: does not
                              ("u3", "B", 0), ("u3", "A", 10),           # wrong order
                              ("u4", "B", 0), ("u4", "A", 0),            # same second, B's row first
                              ("u5", "A", 0), ("u5", "B", 0)])           # same second, A's row first
    expected = pd.DataFrame([(1, "A", 5, 1.0, 1.0, NAN), (2, "B", 2, 0.4, 0.4, 1800.0)], columns=FUNNEL)
    same(flows.funnel(con, ["A", "B"], w), expected)
    same(flows.funnel(con, ["A", "B"], w), bf_funnel(tp, ["A", "B"], w))
    # a step nobody reaches: zero customers after it, and 0/0 is NaN
    same(flows.funnel(con, ["A", "Z", "B"], w), pd.DataFrame([
        (1, "A", 5, 1.0, 1.0, NAN), (2, "Z", 0, 0.0, 0.0, NAN), (3, "B", 0, 0.0, NAN, NAN)], columns=FUNNEL))


def test_funnel_later_start_and_repeated_steps(con, tmp_path):
    m = 60
    tp = load(con, tmp_path, [
        # P: the first A never reaches B in time; the A at 30m goes A → B → C
        ("p", "A", 0), ("p", "B", 20 * m), ("p", "A", 30 * m), ("p", "B", 35 * m), ("p", "C", 38 * m),
        # Q: the first A reaches B (gap 300 s) but only the A at 12m reaches C
        ("q", "A", 0), ("q", "B", 5 * m), ("q", "A", 12 * m), ("q", "B", 13 * m), ("q", "C", 15 * m),
        ("r", "A", 0),
        # funnel A > A: two distinct events needed
        ("s", "A", 0), ("s", "A", 0), ("t", "A", 0), ("t", "X", 1), ("t", "A", 7200),
        ("v", "A", 0), ("v", "A", 7200), ("v", "A", 9000)])
    got = flows.funnel(con, ["A", "B", "C"], 600)
    # step 2 uses each customer's earliest start reaching step 2 (Q: 300 s, not the 60 s of its level-3 chain)
    same(got, pd.DataFrame([(1, "A", 6, 1.0, 1.0, NAN), (2, "B", 2, 1 / 3, 1 / 3, 300.0),
                            (3, "C", 2, 1 / 3, 1.0, 150.0)], columns=FUNNEL))
    same(got, bf_funnel(tp, ["A", "B", "C"], 600))
    got = flows.funnel(con, ["A", "A"], 3600)
    same(got, pd.DataFrame([(1, "A", 6, 1.0, 1.0, NAN), (2, "A", 4, 4 / 6, 4 / 6, 1260.0)], columns=FUNNEL))
    same(got, bf_funnel(tp, ["A", "A"], 3600))
    for steps, w in ((["A", "A", "A"], 9000), (["B", "A", "C"], 3600), (["A", "B", "A", "B"], 40 * m)):
        same(flows.funnel(con, steps, w), bf_funnel(tp, steps, w))


def test_filters_remove_touchpoints_and_customers(con, tmp_path):
    day = 86400
    tp_all = load(con, tmp_path, [("u1", "A", 0), ("u1", "B", 2 * day), ("u1", "purchase", 2 * day + 5),
                                  ("u2", "A", 0), ("u2", "C", 60), ("u3", "B", 3 * day), ("u3", "A", 3 * day + 9)])
    filters = parse_filters([], (T0 + dt.timedelta(days=1)).date().isoformat(), None)
    tp = views.touchpoints(con, filters)
    assert len(tp) == 4 and tp["customer_id"].nunique() == 2 < tp_all["customer_id"].nunique()
    same(flows.top_paths(con, filters=filters), pd.DataFrame([
        ("B > A", 1, 0.5, 0, 0.0), ("B > purchase", 1, 0.5, 1, 1.0)], columns=PATHS))
    same(flows.sankey_links(con, filters=filters), bf_sankey(tp))
    same(flows.sankey_links(con, start="A", filters=filters), pd.DataFrame([(1, "A", "(left)", 1)], columns=SANKEY))
    same(flows.funnel(con, ["A", "B"], 10 * day, filters=filters), pd.DataFrame([
        (1, "A", 1, 1.0, 1.0, NAN), (2, "B", 0, 0.0, 0.0, NAN)], columns=FUNNEL))
    web = parse_filters(["touchpoint!=purchase"])
    same(flows.top_paths(con, filters=web), bf_paths(views.touchpoints(con, web)))


# ---------------------------------------------------------------- realistic scale

@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory):
    folder = tmp_path_factory.mktemp("flows_demo")
    files = demo.write_events(folder, 20_000, seed=3)
    connection = db.connect(folder / "workspace.duckdb")
    ingest.load_files(connection, list(files.values()))
    yield connection
    connection.close()


WEB_2024 = ("kind=web",), "2024-01-01"


@pytest.mark.parametrize("kw", [
    dict(by="touchpoint", depth=5, top=8),
    dict(by="channel", depth=4),
    dict(by="touchpoint", depth=5, top=8, start="page_view /pricing"),
    dict(by="stage", depth=6, top=3, end="Purchase", collapse_repeats=True),
    dict(by="campaign", depth=3, top=5, collapse_repeats=True, exclude=("(direct)",)),
    dict(by="channel", depth=4, top=4, start="Paid Search", exclude=("Email",), filters=WEB_2024),
], ids=["touchpoint", "channel", "start", "stage-end", "campaign", "filtered"])
def test_sankey_matches_brute_force_at_scale(demo_ws, kw):
    kw = dict(kw)
    filters = parse_filters(*kw.pop("filters")) if "filters" in kw else None
    expected = bf_sankey(views.touchpoints(demo_ws, filters), **kw)
    assert len(expected) > 10
    same(flows.sankey_links(demo_ws, filters=filters, **kw), expected)


@pytest.mark.parametrize("kw", [
    dict(by="touchpoint", depth=5, top=20),
    dict(by="channel", depth=4, top=30, collapse_repeats=True),
    dict(by="touchpoint", depth=3, top=15, exclude=("session_start", "first_visit"), filters=WEB_2024),
], ids=["touchpoint", "channel", "filtered"])
def test_top_paths_match_brute_force_at_scale(demo_ws, kw):
    kw = dict(kw)
    filters = parse_filters(*kw.pop("filters")) if "filters" in kw else None
    expected = bf_paths(views.touchpoints(demo_ws, filters), **kw)
    assert len(expected) == kw["top"] and expected["conversions"].sum() > 0
    same(flows.top_paths(demo_ws, filters=filters, **kw), expected)


@pytest.mark.parametrize("steps, window, by, filters", [
    (["session_start", "view_item", "add_to_cart", "purchase"], 7 * 86400, "touchpoint", None),
    (["page_view /pricing", "view_item", "begin_checkout", "purchase"], 2 * 86400, "touchpoint", WEB_2024),
    (["Paid Search", "Email", "Direct"], 30 * 86400, "channel", None),
], ids=["shop", "filtered", "channel"])
def test_funnel_matches_brute_force_at_scale(demo_ws, steps, window, by, filters):
    filters = parse_filters(*filters) if filters else None
    expected = bf_funnel(views.touchpoints(demo_ws, filters), steps, window, by=by)
    assert expected["customers"].iloc[-1] > 0
    same(flows.funnel(demo_ws, steps, window, by=by, filters=filters), expected)


@pytest.mark.parametrize("a, b, filters", [
    ("page_view /pricing", "view_item", None), ("Email clicked", "purchase", None),
    ("view_item", "add_to_cart", WEB_2024)])
def test_funnel_and_sankey_counts_agree(demo_ws, a, b, filters):
    filters = parse_filters(*filters) if filters else None
    tp = views.touchpoints(demo_ws, filters)
    has_a = tp.loc[tp["touchpoint"] == a, "customer_id"].nunique()
    funnel = flows.funnel(demo_ws, [a, b], 20 * 365 * 86400, filters=filters)
    starting = flows.sankey_links(demo_ws, start=a, depth=3, top=BIG, filters=filters)
    through = flows.sankey_links(demo_ws, start=a, end=b, depth=3, top=BIG, filters=filters)
    step1 = starting.loc[starting["step"] == 1]
    assert (step1["source"] == a).all()
    assert funnel["customers"].tolist() == [has_a, through.loc[through["step"] == 1, "customers"].sum()]
    assert step1["customers"].sum() == has_a > 0
    assert math.isclose(funnel["conversion_from_start"].iloc[1], funnel["customers"].iloc[1] / has_a)


def test_drawn_sankeys_stay_within_sixty_nodes():
    for depth in range(2, 11):
        for top in (1, 8, 15, 50):
            kept = flows.readable_top(top, depth)
            assert 1 <= kept <= top and (kept + 2) * depth <= max(60, 3 * depth)


def test_customers_behind_a_node_match_brute_force(demo_ws):
    tp = views.touchpoints(demo_ws)
    node = "page_view /pricing"
    expected = {}
    for customer, events in journeys(tp, "touchpoint").items():
        seq = sequence(events)
        if node in seq:
            expected[customer] = (" > ".join(seq[:12]), len(seq), any(c for _, _, c in events))
    got = flows.customers_at(demo_ws, node, limit=100_000)
    assert len(got) == len(expected) > 0
    assert {r.customer_id: (r.journey, r.steps, r.converted) for r in got.itertuples()} == expected
    assert "@" not in got.to_csv()  # pseudonymous ids, no emails


def test_dropoffs_next_match_brute_force(demo_ws):
    steps, window = ["page_view /pricing", "add_to_cart", "begin_checkout", "purchase"], 7 * 86400
    tp = views.touchpoints(demo_ws)
    for step in (1, 2, 3):
        nexts = Counter()
        for events in journeys(tp, "touchpoint").values():
            chains = [greedy_chain(events, i, steps, window) for i, (n, _, _) in enumerate(events) if n == steps[0]]
            if not chains or max(len(c) for c in chains) != step:
                continue
            last = next(c for c in chains if len(c) >= step)[step - 1]   # earliest start reaching the step
            nexts[events[last + 1][0] if last + 1 < len(events) else "(left)"] += 1
        got = flows.dropoffs_next(demo_ws, steps, step, window, top=1000)
        assert dict(zip(got["next"], got["customers"])) == dict(nexts), step
        assert abs(got["share"].sum() - 1) < 1e-9
    with pytest.raises(flows.FlowError, match="last step"):
        flows.dropoffs_next(demo_ws, steps, 4)


def test_time_to_convert_matches_brute_force(demo_ws):
    steps, window = ["page_view /pricing", "add_to_cart", "purchase"], 2 * 86400
    expected = {}
    for customer, events in journeys(views.touchpoints(demo_ws), "touchpoint").items():
        chains = [greedy_chain(events, i, steps, window) for i, (n, _, _) in enumerate(events) if n == steps[0]]
        done = next((c for c in chains if len(c) == len(steps)), None)   # earliest complete chain
        if done:
            expected[customer] = (events[done[-1]][1] - events[done[0]][1]).total_seconds()
    got = flows.time_to_convert(demo_ws, steps, window)
    assert dict(zip(got["customer_id"], got["seconds"])) == pytest.approx(expected)
    assert len(got) == flows.funnel(demo_ws, steps, window)["customers"].iloc[-1]


def test_groups_rename_nodes_like_glob(demo_ws):
    groups = flows.parse_groups(["*/blog/* = Blog", "*/products/* = Product pages", "page_view /p* = P pages"])
    tp = views.touchpoints(demo_ws)

    def rename(name):
        return next((label for pattern, label in groups if fnmatchcase(name, pattern)), name)

    renamed = tp.assign(touchpoint=tp["touchpoint"].map(rename))
    assert {"Blog", "Product pages", "P pages"} <= set(renamed["touchpoint"])
    same(flows.sankey_links(demo_ws, depth=4, top=6, groups=groups), bf_sankey(renamed, depth=4, top=6))
    same(flows.top_paths(demo_ws, depth=3, groups=groups), bf_paths(renamed, depth=3))
    with pytest.raises(flows.FlowError, match="should look like"):
        flows.parse_groups(["*/blog/*"])
