"""Funnels (ClickHouse windowFunnel semantics) against the pandas brute force in flow_brute_force.py."""
import math
from collections import Counter

import pandas as pd
import pytest
from flow_brute_force import (BIG, FUNNEL, NAN, WEB_2024, bf_funnel, chain_rows, greedy_chain, journeys, load,
                              same)

from journey_explorer.filters import parse_filters
from journey_explorer.views import flows, funnels, tables


def test_funnel_window_edges_and_ties(con, tmp_path):
    w = 3600
    tp = load(con, tmp_path, [("u1", "A", 0), ("u1", "B", w),            # exactly the window: counts
                              ("u2", "A", 0), ("u2", "B", w + 1),        # one second more: does not
                              ("u3", "B", 0), ("u3", "A", 10),           # wrong order
                              ("u4", "B", 0), ("u4", "A", 0),            # same second, B's row first
                              ("u5", "A", 0), ("u5", "B", 0)])           # same second, A's row first
    expected = pd.DataFrame([(1, "A", 5, 1.0, 1.0, NAN), (2, "B", 2, 0.4, 0.4, 1800.0)], columns=FUNNEL)
    same(funnels.funnel(con, ["A", "B"], w), expected)
    same(funnels.funnel(con, ["A", "B"], w), bf_funnel(tp, ["A", "B"], w))
    # a step nobody reaches: zero customers after it, and 0/0 is NaN
    same(funnels.funnel(con, ["A", "Z", "B"], w), pd.DataFrame([
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
    got = funnels.funnel(con, ["A", "B", "C"], 600)
    # step 2 uses each customer's earliest start reaching step 2 (Q: 300 s, not the 60 s of its level-3 chain)
    same(got, pd.DataFrame([(1, "A", 6, 1.0, 1.0, NAN), (2, "B", 2, 1 / 3, 1 / 3, 300.0),
                            (3, "C", 2, 1 / 3, 1.0, 150.0)], columns=FUNNEL))
    same(got, bf_funnel(tp, ["A", "B", "C"], 600))
    got = funnels.funnel(con, ["A", "A"], 3600)
    same(got, pd.DataFrame([(1, "A", 6, 1.0, 1.0, NAN), (2, "A", 4, 4 / 6, 4 / 6, 1260.0)], columns=FUNNEL))
    same(got, bf_funnel(tp, ["A", "A"], 3600))
    for steps, w in ((["A", "A", "A"], 9000), (["B", "A", "C"], 3600), (["A", "B", "A", "B"], 40 * m)):
        same(funnels.funnel(con, steps, w), bf_funnel(tp, steps, w))


@pytest.mark.parametrize("steps, window, by, filters", [
    (["session_start", "view_item", "add_to_cart", "purchase"], 7 * 86400, "touchpoint", None),
    (["page_view /pricing", "view_item", "begin_checkout", "purchase"], 2 * 86400, "touchpoint", WEB_2024),
    (["Paid Search", "Email", "Direct"], 30 * 86400, "channel", None),
], ids=["shop", "filtered", "channel"])


def test_funnel_matches_brute_force_at_scale(demo_ws, steps, window, by, filters):
    filters = parse_filters(*filters) if filters else None
    expected = bf_funnel(tables.touchpoints(demo_ws, filters), steps, window, by=by)
    assert expected["customers"].iloc[-1] > 0
    same(funnels.funnel(demo_ws, steps, window, by=by, filters=filters), expected)


@pytest.mark.parametrize("a, b, filters", [
    ("page_view /pricing", "view_item", None), ("Email clicked", "purchase", None),
    ("view_item", "add_to_cart", WEB_2024)])


def test_funnel_and_sankey_counts_agree(demo_ws, a, b, filters):
    filters = parse_filters(*filters) if filters else None
    tp = tables.touchpoints(demo_ws, filters)
    has_a = tp.loc[tp["touchpoint"] == a, "customer_id"].nunique()
    funnel = funnels.funnel(demo_ws, [a, b], 20 * 365 * 86400, filters=filters)
    starting = flows.sankey_links(demo_ws, start=a, depth=3, top=BIG, filters=filters)
    through = flows.sankey_links(demo_ws, start=a, end=b, depth=3, top=BIG, filters=filters)
    step1 = starting.loc[starting["step"] == 1]
    assert (step1["source"] == a).all()
    assert funnel["customers"].tolist() == [has_a, through.loc[through["step"] == 1, "customers"].sum()]
    assert step1["customers"].sum() == has_a > 0
    assert math.isclose(funnel["conversion_from_start"].iloc[1], funnel["customers"].iloc[1] / has_a)


def test_dropoffs_next_match_brute_force(demo_ws):
    steps, window = ["page_view /pricing", "add_to_cart", "begin_checkout", "purchase"], 7 * 86400
    tp = tables.touchpoints(demo_ws)
    for step in (1, 2, 3):
        nexts = Counter()
        for events in journeys(tp, "touchpoint").values():
            chains = [greedy_chain(events, i, steps, window) for i, (n, _, _) in enumerate(events) if n == steps[0]]
            if not chains or max(len(c) for c in chains) != step:
                continue
            last = next(c for c in chains if len(c) >= step)[step - 1]   # earliest start reaching the step
            nexts[events[last + 1][0] if last + 1 < len(events) else "(left)"] += 1
        got = funnels.dropoffs_next(demo_ws, steps, step, window, top=1000)
        assert dict(zip(got["next"], got["customers"])) == dict(nexts), step
        assert abs(got["share"].sum() - 1) < 1e-9
    with pytest.raises(flows.FlowError, match="last step"):
        funnels.dropoffs_next(demo_ws, steps, 4)


def test_time_to_convert_matches_brute_force(demo_ws):
    steps, window = ["page_view /pricing", "add_to_cart", "purchase"], 2 * 86400
    expected = {}
    for customer, events in journeys(tables.touchpoints(demo_ws), "touchpoint").items():
        chains = [greedy_chain(events, i, steps, window) for i, (n, _, _) in enumerate(events) if n == steps[0]]
        done = next((c for c in chains if len(c) == len(steps)), None)   # earliest complete chain
        if done:
            expected[customer] = (events[done[-1]][1] - events[done[0]][1]).total_seconds()
    got = funnels.time_to_convert(demo_ws, steps, window)
    assert dict(zip(got["customer_id"], got["seconds"])) == pytest.approx(expected)
    assert len(got) == funnels.funnel(demo_ws, steps, window)["customers"].iloc[-1]


def bf_paths_to_conversion(tp, by="touchpoint", length=4) -> Counter:
    """Each converting customer's last `length` nodes up to their first conversion (technical
    hits left out, repeats in a row merged), counted."""
    counted = Counter()
    exclude = flows.TECHNICAL_EVENTS if by == "touchpoint" else ()
    for events in journeys(tp, by).values():
        kept = [(n, conv) for n, _, conv in events if n not in exclude]
        first = next((i for i, (_, conv) in enumerate(kept) if conv), None)
        if first is None:
            continue
        merged = []
        for node, _ in kept[:first + 1]:
            if not merged or merged[-1] != node:
                merged.append(node)
        if len(merged[-length:]) >= 2:
            counted[tuple(merged[-length:])] += 1
    return counted


@pytest.mark.parametrize("by", ["touchpoint", "stage"])
def test_the_default_funnel_is_the_most_common_path_to_a_conversion(demo_ws, by):
    expected = bf_paths_to_conversion(tables.touchpoints(demo_ws), by)
    got = funnels.common_paths(demo_ws, by, top=10)
    assert got["customers"].tolist() == sorted(expected.values(), reverse=True)[:10]   # the most common first
    assert {tuple(s): n for s, n in zip(got["steps"], got["customers"])} == \
        {p: expected[p] for p in map(tuple, got["steps"])}
    assert got["customers"].iloc[0] == max(expected.values())
    steps = funnels.default_steps(demo_ws, by)
    assert tuple(steps) == tuple(got["steps"].iloc[0]) and len(steps) >= 2
    assert funnels.funnel(demo_ws, steps, 7 * 86400, by)["customers"].iloc[-1] > 0   # a funnel worth opening on


def test_no_conversion_no_default_funnel(con, tmp_path):
    load(con, tmp_path, chain_rows("u1", list("ABC")) + chain_rows("u2", list("AB")))
    assert funnels.default_steps(con) == []
