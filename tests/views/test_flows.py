"""Sankey links, top paths and node views against the pandas brute force in flow_brute_force.py.

Small hand-made journeys pin the edges with explicit expected frames; the demo data compares
whole frames at realistic scale."""
import datetime as dt
from fnmatch import fnmatchcase

import pandas as pd
import pytest
from flow_brute_force import (BIG, FUNNEL, NAN, PATHS, SANKEY, T0, WEB_2024, bf_funnel, bf_paths, bf_sankey,
                              chain_rows, journeys, load, same, sequence)

from journey_explorer import workspace
from journey_explorer.filters import Filters, parse_filters
from journey_explorer.views import flows, funnels, segments, tables


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
    same(funnels.funnel(con, ["spring", "(no campaign)"], 60, by="campaign"),
         bf_funnel(tp, ["spring", "(no campaign)"], 60, by="campaign"))


def test_filters_remove_touchpoints_and_customers(con, tmp_path):
    day = 86400
    tp_all = load(con, tmp_path, [("u1", "A", 0), ("u1", "B", 2 * day), ("u1", "purchase", 2 * day + 5),
                                  ("u2", "A", 0), ("u2", "C", 60), ("u3", "B", 3 * day), ("u3", "A", 3 * day + 9)])
    filters = parse_filters([], (T0 + dt.timedelta(days=1)).date().isoformat(), None)
    tp = tables.touchpoints(con, filters)
    assert len(tp) == 4 and tp["customer_id"].nunique() == 2 < tp_all["customer_id"].nunique()
    same(flows.top_paths(con, filters=filters), pd.DataFrame([
        ("B > A", 1, 0.5, 0, 0.0), ("B > purchase", 1, 0.5, 1, 1.0)], columns=PATHS))
    same(flows.sankey_links(con, filters=filters), bf_sankey(tp))
    same(flows.sankey_links(con, start="A", filters=filters), pd.DataFrame([(1, "A", "(left)", 1)], columns=SANKEY))
    same(funnels.funnel(con, ["A", "B"], 10 * day, filters=filters), pd.DataFrame([
        (1, "A", 1, 1.0, 1.0, NAN), (2, "B", 0, 0.0, 0.0, NAN)], columns=FUNNEL))
    web = parse_filters(["touchpoint!=purchase"])
    same(flows.top_paths(con, filters=web), bf_paths(tables.touchpoints(con, web)))


# ---------------------------------------------------------------- realistic scale

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
    expected = bf_sankey(tables.touchpoints(demo_ws, filters), **kw)
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
    expected = bf_paths(tables.touchpoints(demo_ws, filters), **kw)
    assert len(expected) == kw["top"] and expected["conversions"].sum() > 0
    same(flows.top_paths(demo_ws, filters=filters, **kw), expected)


def test_drawn_sankeys_stay_within_sixty_nodes():
    for depth in range(2, 11):
        for top in (1, 8, 15, 50):
            kept = flows.readable_top(top, depth)
            assert 1 <= kept <= top and (kept + 2) * depth <= max(60, 3 * depth)


def test_customers_behind_a_node_match_brute_force(demo_ws):
    tp = tables.touchpoints(demo_ws)
    node = "page_view /pricing"
    expected = {}
    for customer, events in journeys(tp, "touchpoint").items():
        seq = sequence(events)
        if node in seq:
            expected[customer] = (" > ".join(seq[:12]), len(seq), any(c for _, _, c in events))
    got = flows.customers_at(demo_ws, node, limit=100_000)
    assert len(got) == len(expected) > 0
    assert {r.customer_id: (r.journey, r.steps, r.converted) for r in got.itertuples()} == expected
    # Merged repeats: a customer is first seen at the start of their first run, not its end.
    merged = flows.customers_at(demo_ws, "Paid Search", by="channel", collapse_repeats=True, limit=100_000)
    by_channel = journeys(tp, "channel")
    assert sum(len(by_channel[c]) > len(sequence(by_channel[c], collapse=True)) for c in merged["customer_id"]) > 50
    for r in merged.itertuples():
        events = by_channel[r.customer_id]
        assert r.journey == " > ".join(sequence(events, collapse=True)[:12])
        assert r.first_seen == events[0][1]
    assert "@" not in got.to_csv()  # pseudonymous ids, no emails


def test_groups_rename_nodes_like_glob(demo_ws):
    groups = flows.parse_groups(["*/blog/* = Blog", "*/products/* = Product pages", "page_view /p* = P pages"])
    tp = tables.touchpoints(demo_ws)

    def rename(name):
        return next((label for pattern, label in groups if fnmatchcase(name, pattern)), name)

    renamed = tp.assign(touchpoint=tp["touchpoint"].map(rename))
    assert {"Blog", "Product pages", "P pages"} <= set(renamed["touchpoint"])
    same(flows.sankey_links(demo_ws, depth=4, top=6, groups=groups), bf_sankey(renamed, depth=4, top=6))
    same(flows.top_paths(demo_ws, depth=3, groups=groups), bf_paths(renamed, depth=3))
    with pytest.raises(flows.FlowError, match="should look like"):
        flows.parse_groups(["*/blog/*"])


def test_journeys_without_technical_hits_are_read_as_numbered_at_load(demo_ws):
    tp = tables.touchpoints(demo_ws)
    technical = tuple(n for n in flows.TECHNICAL_EVENTS if n in set(tp["touchpoint"]))
    assert len(technical) >= 2  # the demo's GA4 export logs session_start, first_visit, …
    groups = flows.DEFAULT_GROUPS

    def rename(name):
        return next((label for pattern, label in groups if fnmatchcase(name, pattern)), name)

    for grouped, data in ((False, tp), (True, tp.assign(touchpoint=tp["touchpoint"].map(rename)))):
        kw = dict(exclude=technical, groups=groups if grouped else ())
        assert flows.register_sequence(demo_ws, "touchpoint", None, **kw)  # the page's default: no new sort
        same(flows.sankey_links(demo_ws, depth=5, top=8, **kw), bf_sankey(data, depth=5, top=8, exclude=technical))
        same(flows.sankey_links(demo_ws, depth=4, top=6, start="page_view /pricing", **kw),
             bf_sankey(data, depth=4, top=6, start="page_view /pricing", exclude=technical))
        same(flows.top_paths(demo_ws, depth=4, top=25, **kw), bf_paths(data, depth=4, top=25, exclude=technical))
        merged = dict(kw, collapse_repeats=True)  # runs merged: the kept rows are numbered again
        assert flows.register_sequence(demo_ws, "touchpoint", None, **merged)
        same(flows.sankey_links(demo_ws, depth=5, top=8, **merged),
             bf_sankey(data, depth=5, top=8, exclude=technical, collapse_repeats=True))
        same(flows.top_paths(demo_ws, depth=4, top=25, **merged),
             bf_paths(data, depth=4, top=25, exclude=technical, collapse_repeats=True))
    # Anything else left out, or a technical hit renamed by a group, sorts the journeys again.
    assert not flows.register_sequence(demo_ws, "touchpoint", None, exclude=technical + ("page_view /pricing",))
    assert not flows.register_sequence(demo_ws, "touchpoint", None, exclude=technical[:1])
    renamed = (("session_*", "Sessions"),)
    assert not flows.register_sequence(demo_ws, "touchpoint", None, exclude=technical, groups=renamed)
    got = flows.top_paths(demo_ws, depth=3, exclude=technical, groups=renamed)
    assert any("Sessions" in p for p in got["path"])


@pytest.mark.parametrize("conditions", [["kind=call"], ["first.channel=Paid Search", "attrs.device=mobile"]],
                         ids=["callers", "first-paid-search-on-mobile"])
def test_a_segment_keeps_whole_journeys_read_as_numbered_at_load(demo_ws, conditions):
    filters = Filters(segment=segments.segment(conditions))
    tp = tables.touchpoints(demo_ws, filters)
    assert 0 < tp["customer_id"].nunique() < tables.touchpoints(demo_ws)["customer_id"].nunique()
    technical = flows.technical_in(tp["touchpoint"])
    for by, kw in (("channel", {}), ("touchpoint", dict(exclude=technical))):
        assert flows.register_sequence(demo_ws, by, filters, **kw)  # no new sort for a segment
        same(flows.sankey_links(demo_ws, by, depth=5, top=8, filters=filters, **kw),
             bf_sankey(tp, by, depth=5, top=8, **kw))
        same(flows.top_paths(demo_ws, by, depth=4, top=15, filters=filters, **kw), bf_paths(tp, by, depth=4, top=15, **kw))
    node = "page_view /pricing"
    same(flows.sankey_links(demo_ws, depth=4, top=6, start=node, filters=filters), bf_sankey(tp, depth=4, top=6, start=node))
    counts = flows.node_counts(demo_ws, "channel", filters).set_index("node")["customers"]
    assert counts.to_dict() == tp.groupby("channel")["customer_id"].nunique().to_dict()
    steps = ["page_view /pricing", "add_to_cart", "purchase"]
    same(funnels.funnel(demo_ws, steps, 7 * 86400, filters=filters), bf_funnel(tp, steps, 7 * 86400))


@pytest.mark.parametrize("by", flows.DIMENSIONS)
def test_node_counts_match_brute_force(demo_ws, by):
    tp = tables.touchpoints(demo_ws)
    nodes = tp[by].fillna(f"(no {by})")
    expected = tp.assign(node=nodes).groupby("node")["customer_id"].nunique()
    got = flows.node_counts(demo_ws, by).set_index("node")["customers"]  # counted at load
    assert got.to_dict() == expected.to_dict()
    assert list(got) == sorted(got, reverse=True)
    grouped = flows.node_counts(demo_ws, by, groups=(("*/blog/*", "Blog"),)).set_index("node")["customers"]
    if by == "touchpoint":
        blog = tp[nodes.str.contains("/blog/")]["customer_id"].nunique()
        assert blog > 0 and grouped["Blog"] == blog
        # A group named like a node it does not match: one node, each customer counted once.
        merged = flows.node_counts(demo_ws, by, groups=(("*/blog/*", "page_view /pricing"),))
        either = tp[nodes.str.contains("/blog/") | (nodes == "page_view /pricing")]["customer_id"].nunique()
        assert merged.set_index("node")["customers"]["page_view /pricing"] == either > blog
        assert merged["node"].is_unique and list(merged["customers"]) == sorted(merged["customers"], reverse=True)
    else:
        assert grouped.to_dict() == expected.to_dict()


def test_workspaces_from_before_precomputed_steps_are_rebuilt_even_for_reading(tmp_path, journey_files):
    from journey_explorer import ingest
    path = tmp_path / "old.duckdb"
    con = workspace.connect(path)
    ingest.load_files(con, list(journey_files.values()))
    expected = flows.sankey_links(con, depth=3)
    # What an older version left: steps as a table of its own and no step_nodes.
    old = ("DROP TABLE step_nodes; DROP VIEW steps; CREATE TABLE steps AS SELECT 1 AS step; "
           "CREATE OR REPLACE TABLE touchpoints AS SELECT * EXCLUDE (step, next_ts, next_touchpoint, "
           "next_channel, next_stage, next_campaign) FROM touchpoints")
    con.execute(old)
    con.close()
    con = workspace.connect(path)
    same(flows.sankey_links(con, depth=3), expected)
    con.execute(old)
    con.close()
    con = workspace.connect(path, read_only=True)  # as `export` opens it
    same(flows.sankey_links(con, depth=3, exclude=("nothing",)), expected)
    con.close()
    # One version later: precomputed steps, but not yet the journeys without technical hits.
    con = workspace.connect(path)
    con.execute("CREATE OR REPLACE TABLE touchpoints AS SELECT * EXCLUDE (visible_step, next_visible_touchpoint) "
                "FROM touchpoints")
    con.close()
    con = workspace.connect(path, read_only=True)
    same(flows.sankey_links(con, depth=3, exclude=flows.TECHNICAL_EVENTS), expected)
    same(flows.sankey_links(con, depth=3), expected)


def test_sorted_journeys_are_reused_only_while_nothing_changes(con, tmp_path):
    load(con, tmp_path, [("u1", "A", 0), ("u1", "X", 1), ("u1", "B", 2)])
    first = flows.top_paths(con, exclude=("X",))
    assert first["path"].tolist() == ["A > B"]
    same(flows.sankey_links(con, depth=2, exclude=("X",)),  # the same sorted journeys, read again
         pd.DataFrame([(1, "A", "B", 1)], columns=SANKEY))
    # A new load in the same connection: the journeys are sorted again, not read from before.
    more = tmp_path / "more"
    more.mkdir()
    tp = load(con, more, [("u2", "C", 5), ("u2", "X", 6)])
    same(flows.top_paths(con, exclude=("X",)), bf_paths(tp, exclude=("X",)))
    assert set(flows.top_paths(con, exclude=("X",))["path"]) == {"A > B", "C"}


def test_node_kinds_name_the_kind_most_rows_of_a_node_have(demo_ws):
    tp = tables.touchpoints(demo_ws)
    expected = tp.groupby("touchpoint")["kind"].agg(lambda k: k.value_counts().idxmax()).to_dict()
    got = dict(flows.node_kinds(demo_ws).itertuples(index=False))
    assert got == expected and set(got.values()) >= {"web", "call", "email"}
    grouped = dict(flows.node_kinds(demo_ws, flows.DEFAULT_GROUPS).itertuples(index=False))
    assert grouped["Blog"] == grouped["Product pages"] == "web"
    assert not any(fnmatchcase(n, "*/blog/*") for n in grouped)
