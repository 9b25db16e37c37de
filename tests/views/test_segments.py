"""Segments against the pandas brute force in segment_brute_force.py.

Hand-made customers pin the edges (ties on the first touchpoint, missing attributes, "never",
dates) with explicit expectations; the generated demo data compares whole frames at scale."""
import io
import math
from statistics import NormalDist

import pandas as pd
import pytest
from flow_brute_force import bf_funnel, bf_paths
from helpers import cli
from pandas.testing import assert_frame_equal
from segment_brute_force import (COMPARE, bf_compare, bf_diverging, bf_overlap, bf_split, load, members,
                                 users, z_test_p)

from journey_explorer import workspace
from journey_explorer.filters import FilterError, Filters, parse_filters
from journey_explorer.views import flows, funnels, segments, tables
from journey_explorer.views.segments import SegmentError

DAY = 86400
# (user, event, seconds after 2024-03-01 10:00, device, value). u2's first touchpoint (no device)
# ties with an earlier row of b.csv: the file comes before the row. u3's first two tie in b.csv.
A = [("u1", "page_view", 0, "mobile", ""), ("u1", "purchase", 2 * DAY, "mobile", "50"),
     ("u2", "page_view", 0, "", ""),
     ("u4", "page_view", -40 * DAY, "desktop", ""),
     ("u5", "generate_lead", 0, "mobile", ""), ("u5", "purchase", DAY, "mobile", "15")]
B = [("u2", "purchase", 0, "mobile", "20"), ("u2", "page_view", 3600, "desktop", ""),
     ("u3", "view_item", 0, "mobile", ""), ("u3", "page_view", 0, "desktop", "")]


def same(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False,
                       check_exact=False, rtol=1e-9, atol=1e-12)


def defined(*sets):
    return [segments.segment(conditions, name) for name, conditions in sets]


@pytest.fixture
def small(con, tmp_path):
    return load(con, tmp_path, A, B)


@pytest.mark.parametrize("conditions, expected", [
    (["kind=web"], {"u1", "u2", "u3", "u4", "u5"}),
    (["first.attrs.device=mobile"], {"u1", "u3", "u5"}),
    (["first.attrs.device!=mobile"], {"u2", "u4"}),        # no device on the first touchpoint: not mobile
    (["attrs.device!=desktop"], {"u1", "u5"}),             # never desktop
    (["date=..2024-02-01"], {"u4"}),
    (["first.date=2024-03-01.."], {"u1", "u2", "u3", "u5"}),
    (["touchpoint=purchase", "attrs.device=mobile"], {"u1", "u2", "u5"}),
    (["first.touchpoint=page_view", "touchpoint!=purchase"], {"u4"}),
    ([], {"u1", "u2", "u3", "u4", "u5"}),
])
def test_who_is_in_a_segment(con, small, conditions, expected):
    user = users(con)
    assert {user[c] for c in members(small, conditions)} == expected
    got = tables.touchpoints(con, Filters(segment=segments.segment(conditions, "S")))
    assert {user[c] for c in got["customer_id"]} == expected
    assert len(got) == small["customer_id"].map(user).isin(expected).sum()   # all their touchpoints stay


def test_compare_counts_customers_conversions_days_and_value(con, small):
    chosen = defined(("Mobile first", ["first.attrs.device=mobile"]), ("Other first", ["first.attrs.device!=mobile"]))
    got = segments.compare(con, chosen)
    # mobile first: u1 (converts after 2 days, 50), u3 (no), u5 (converts at once, 15 on a later purchase)
    # other first: u2 (its first touchpoint ties with its purchase: 0 days, 20), u4 (no)
    expected = pd.DataFrame([["Mobile first", 3, 2, 2 / 3, 2.0, 1.0, math.nan, 65 / 3],
                             ["Other first", 2, 1, 0.5, 2.0, 0.0, z_test_p(2, 3, 1, 2), 10.0]], columns=COMPARE)
    same(got, expected)
    same(got, bf_compare(small, [("Mobile first", ["first.attrs.device=mobile"]),
                                 ("Other first", ["first.attrs.device!=mobile"])]))


def test_empty_segments_still_get_a_row(con, small):
    got = segments.compare(con, defined(("All", []), ("Nobody", ["kind=call"])))
    assert got["customers"].tolist() == [5, 0] and got["conversions"].tolist() == [3, 0]
    assert got.iloc[1][["conversion_rate", "p_value", "median_days_to_convert"]].isna().all()
    sets = [("All", []), ("Nobody", ["kind=call"])]
    steps = segments.diverging_steps(con, defined(*sets))
    same(steps, bf_diverging(small, sets))
    assert steps.loc[steps["segment"] == "Nobody", "share"].isna().all() and (steps["difference"] == 0).all()


def test_split_by_the_first_touchpoints_value(con, small):
    chosen = segments.split_segments(con, "attrs.device")
    assert [(s.name, len(members(small, [f"first.attrs.device={s.name}"]))) for s in chosen] == \
        bf_split(small, "attrs.device") == [("mobile", 3), ("desktop", 1)]   # u2 has none: left out
    assert segments.compare(con, chosen)["customers"].tolist() == [3, 1]
    with pytest.raises(SegmentError, match="not something to split"):
        segments.split_segments(con, "devic")
    with pytest.raises(SegmentError, match="No customer's first touchpoint has a colour"):
        segments.split_segments(con, "attrs.colour")


SETS = [
    [("Called us", ["kind=call"]), ("Never called", ["kind!=call"])],
    [("Paid Search first", ["first.channel=Paid Search"]), ("Email first", ["first.channel=Email"]),
     ("Mobile, no email", ["attrs.device=mobile", "kind!=email"]), ("Everyone", [])],
    [("Started 2024", ["first.date=2024-01-01..2024-12-31"]), ("Active before 2024", ["date=..2023-12-31"]),
     ("Not desktop first", ["first.attrs.device!=desktop"])],
]
FILTERS = [((), None, None), (("attrs.device!=tablet",), "2023-07-01", "2025-06-30")]


@pytest.mark.parametrize("sets", SETS)
@pytest.mark.parametrize("where, since, until", FILTERS)
def test_compare_matches_the_brute_force_on_demo_data(demo_ws, sets, where, since, until):
    filters = parse_filters(where, since, until)
    tp = tables.touchpoints(demo_ws, filters)
    got = segments.compare(demo_ws, defined(*sets), filters)
    assert (got["customers"] > 30).all()        # the demo data fills every segment
    same(got, bf_compare(tp, sets))
    assert segments.overlap(demo_ws, defined(*sets), filters) == bf_overlap(tp, sets)


@pytest.mark.parametrize("by", ["touchpoint", "channel", "stage"])
def test_diverging_steps_match_the_brute_force(demo_ws, by):
    tp = tables.touchpoints(demo_ws)
    for sets in SETS[:2]:
        got = segments.diverging_steps(demo_ws, defined(*sets), by=by, top=12, exclude=flows.TECHNICAL_EVENTS)
        same(got, bf_diverging(tp, sets, by, top=12, exclude=flows.TECHNICAL_EVENTS))
    called = segments.diverging_steps(demo_ws, defined(*SETS[0]), by=by)
    widest = called[called["step"] == called["step"].iloc[0]]
    assert widest["segment"].tolist() == ["Called us", "Never called"]
    assert widest["difference"].iloc[0] == pytest.approx(widest["share"].max() - widest["share"].min())
    assert widest["difference"].iloc[0] > 0.1    # callers and the rest differ somewhere, whatever the steps


@pytest.mark.parametrize("field", ["attrs.device", "channel", "first.kind"])
def test_split_matches_the_brute_force_on_demo_data(demo_ws, field):
    tp = tables.touchpoints(demo_ws)
    plain = field.removeprefix("first.")
    chosen = segments.split_segments(demo_ws, field)
    expected = bf_split(tp, plain)
    assert [s.name for s in chosen] == [v for v, _ in expected]
    got = segments.compare(demo_ws, chosen)
    assert got["customers"].tolist() == [n for _, n in expected]
    same(got, bf_compare(tp, [(s.name, [f"first.{plain}={s.name}"]) for s in chosen]))


DEFAULT_SEGMENT = segments.segment(["kind=call"], "Called us")


def test_views_can_be_drawn_for_one_segment(demo_ws):
    filters = parse_filters(["kind!=email"], "2024-01-01")
    tp = tables.touchpoints(demo_ws, filters)
    who = members(tp, ["first.channel=Paid Search"])
    mine = tp[tp["customer_id"].isin(who)]
    seg = Filters(filters.where, filters.date_from, segment=segments.segment(["first.channel=Paid Search"]))
    paths = flows.top_paths(demo_ws, by="channel", depth=4, top=10, filters=seg)
    assert bf_paths(mine, by="channel", depth=4, top=10).equals(
        paths.astype({"customers": "int64", "conversions": "int64"}))
    steps = ["Awareness", "Consideration", "Purchase"]
    got = funnels.funnel(demo_ws, steps, 30 * DAY, by="stage", filters=seg)
    assert got["customers"].tolist() == bf_funnel(mine, steps, 30 * DAY, by="stage")["customers"].tolist()
    assert 0 < got["customers"].iloc[0] < tp["customer_id"].nunique()


def test_segments_compared_inside_the_sidebars_segment(demo_ws):
    outer = segments.parse_segment_text(" attrs.device=mobile ;  ")
    assert outer.where == (segments.parse_segment_condition("attrs.device=mobile"),)
    assert segments.parse_segment_text(" ; ") is None and segments.parse_segment_text(None) is None
    filters = Filters(segment=outer)
    inner = segments.within(filters, segments.segment(["kind=call"], "Called us"))
    assert inner.segment.name == "Called us" and len(inner.segment.where) == 2
    assert segments.within(None, DEFAULT_SEGMENT).segment == DEFAULT_SEGMENT
    tp = tables.touchpoints(demo_ws, filters)
    mobile = members(tables.touchpoints(demo_ws), ["attrs.device=mobile"])
    assert set(tp["customer_id"]) == mobile
    callers = members(tp, ["kind=call"])
    assert 0 < len(callers) < len(mobile)
    assert set(tables.touchpoints(demo_ws, inner)["customer_id"]) == callers
    same(segments.compare(demo_ws, defined(*SETS[0]), filters), bf_compare(tp, SETS[0]))


def test_p_values_of_the_two_tests():
    for x1, n1, x2, n2 in [(998, 1159, 1572, 3484), (20, 100, 26, 100), (5, 9, 3, 11), (0, 50, 0, 80)]:
        assert segments.two_proportion_p(x1, n1, x2, n2) == pytest.approx(z_test_p(x1, n1, x2, n2), abs=1e-12)
        # with two groups the chi-square test is the z-test (chi-square = z²)
        assert segments.chi_square_p([x1, x2], [n1, n2]) == pytest.approx(z_test_p(x1, n1, x2, n2), abs=1e-12)
    assert math.isnan(segments.two_proportion_p(3, 10, 0, 0))
    # published 5% and 1% critical values of the chi-square distribution
    for statistic, df, p in [(3.841, 1, 0.05), (5.991, 2, 0.05), (7.815, 3, 0.05), (9.488, 4, 0.05),
                             (6.635, 1, 0.01), (9.210, 2, 0.01), (11.345, 3, 0.01), (13.277, 4, 0.01)]:
        assert segments.chi_square_tail(statistic, df) == pytest.approx(p, rel=2e-3)
    assert segments.chi_square_tail(0.0, 3) == 1.0
    # three groups: the statistic by hand (observed vs expected conversions and non-conversions)
    x, n = [30, 45, 60], [100, 100, 100]
    rate = sum(x) / sum(n)
    stat = sum((o - e) ** 2 / e for xi, ni in zip(x, n)
               for o, e in ((xi, ni * rate), (ni - xi, ni * (1 - rate))))
    assert segments.chi_square_p(x, n) == pytest.approx(segments.chi_square_tail(stat, 2))
    assert stat > 5.991 and segments.chi_square_p(x, n) < 0.05


def test_verdicts_in_plain_words():
    assert segments.verdict(segments.two_proportion_p(998, 1159, 1572, 3484), (998, 1159), (1572, 3484)) == \
        "likely a real difference"
    assert segments.verdict(segments.two_proportion_p(20, 100, 24, 100), (20, 100), (24, 100)) == "could be chance"
    assert segments.verdict(1.0, (10, 100), (10, 100)) == "no difference"
    assert segments.verdict(segments.two_proportion_p(1, 3, 0, 2), (1, 3), (0, 2)) == "too few customers to tell"
    assert segments.verdict(math.nan, (1, 3), (0, 0)) == "too few customers to tell"
    assert NormalDist().cdf(-1.96) * 2 < segments.SIGNIFICANCE < NormalDist().cdf(-1.95) * 2


def test_definitions_parse_describe_and_refuse_plainly():
    for text in ["kind=call", "kind!=call", "first.channel=Paid Search", "first.attrs.device!=mobile",
                 "date=2024-01-01..2024-03-31", "first.date=2024-01-01..", "date!=..2024-01-31"]:
        assert segments.condition_text(segments.parse_segment_condition(text)) == text
    words = [segments.describe(segments.parse_segment_condition(t)) for t in
             ["kind=call", "kind!=call", "first.channel=Paid Search", "first.attrs.device!=mobile",
              "date=2024-01-01..2024-03-31", "first.date=2024-01-01..", "date!=..2024-01-31"]]
    assert words == ["Made a call", "Never made a call", "First channel is Paid Search",
                     "First device is not mobile", "Active between 2024-01-01 and 2024-03-31",
                     "First seen from 2024-01-01 on", "Not active up to 2024-01-31"]
    assert segments.segment(["kind=call", "first.channel=Phone"]).name == "kind=call & first.channel=Phone"
    assert segments.segment([]).name == "Everyone"
    words = [segments.describe(segments.parse_segment_condition(t)) for t in
             ["kind=email", "kind=web", "first.kind=call", "channel=Email", "channel!=Email", "stage=Purchase",
              "device=mobile", "customer.plan=pro", "attrs.transaction_value>100", "customer.lifetime_value>=500",
              "customer.created<2024-06-01", "first.attrs.order_total<=20"]]
    assert words == ["Had an email", "Visited the site", "First touchpoint was a call", "Had a touchpoint in Email",
                     "Never had a touchpoint in Email", "Reached the Purchase stage",
                     "Had a touchpoint with device mobile", "Plan is pro", "Transaction value over 100",
                     "Lifetime value at least 500", "Created before 2024-06-01", "First order total at most 20"]
    for text in ["attrs.transaction_value>100", "customer.created<2024-06-01", "device>=2", "customer.plan!=pro"]:
        assert segments.condition_text(segments.parse_segment_condition(text)) == text
    with pytest.raises(FilterError, match='Did you mean "channel"'):
        segments.parse_segment_condition("first.chanel=Email")   # a column's name: known without the data
    with pytest.raises(FilterError, match="nothing to compare"):
        segments.parse_segment_condition("attrs.transaction_value>")
    with pytest.raises(SegmentError, match="2024-01-01..2024-03-31"):
        segments.parse_segment_condition("date=2024")
    with pytest.raises(SegmentError, match="after"):
        segments.parse_segment_condition("date=2024-03-01..2024-01-01")


def test_segment_lists_that_cannot_be_compared(con, small):
    with pytest.raises(SegmentError, match="one to 4"):
        segments.compare(con, defined(*[(f"S{i}", []) for i in range(5)]))
    with pytest.raises(SegmentError, match="name of its own"):
        segments.compare(con, defined(("A", ["kind=web"]), ("A", [])))
    with pytest.raises(SegmentError, match="two to four"):
        segments.define(con, None, [["kind=web"], None])
    with pytest.raises(SegmentError, match="not both"):
        segments.define(con, "channel", [["kind=web"], ["kind=call"]])
    with pytest.raises(SegmentError, match="kind of step"):
        segments.diverging_steps(con, defined(("A", [])), by="device")
    # Whether a bare name is a kept column the data says: a slip of one is caught against it.
    with pytest.raises(FilterError, match='Did you mean "device"'):
        segments.compare(con, defined(("A", ["first.devise=mobile"])))


def test_values_are_data_not_sql(con, small):
    hostile = defined(("A", ["kind=web' OR '1'='1"]), ("B", ["attrs.device=x') OR 1=1 --"]),
                      ("C", ["first.touchpoint!=x' --"]))
    assert segments.compare(con, hostile)["customers"].tolist() == [0, 0, 5]


def test_cli_exports_segments(tmp_path, con, small):
    con.close()
    ws = tmp_path / "workspace.duckdb"
    run = cli("export", "segments", "--db", ws, "--a", "first.attrs.device=mobile", "--b", "first.attrs.device!=mobile")
    assert run.returncode == 0, run.stderr
    frame = pd.read_csv(io.StringIO(run.stdout))
    assert list(frame.columns) == COMPARE
    same(frame, bf_compare(small, [("first.attrs.device=mobile", ["first.attrs.device=mobile"]),
                                   ("first.attrs.device!=mobile", ["first.attrs.device!=mobile"])]))
    split = cli("export", "segments", "--db", ws, "--by", "attrs.device", "--where", "touchpoint!=view_item")
    assert split.returncode == 0, split.stderr
    # the filters come first: without u3's view_item its first touchpoint is on desktop
    expected = bf_split(small[small["touchpoint"] != "view_item"], "attrs.device")
    assert expected == [("desktop", 2), ("mobile", 2)]
    assert pd.read_csv(io.StringIO(split.stdout))[["segment", "customers"]].values.tolist() == \
        [list(pair) for pair in expected]
    inside = cli("export", "segments", "--db", ws, "--by", "attrs.device", "--customers", "kind=web; first.touchpoint!=x")
    assert inside.returncode == 0, inside.stderr
    web = small[small["customer_id"].isin(members(small, ["kind=web"]))]
    assert pd.read_csv(io.StringIO(inside.stdout))[["segment", "customers"]].values.tolist() == \
        [list(pair) for pair in bf_split(web, "attrs.device")]
    wrong = cli("export", "paths", "--db", ws, "--customers", "kind=call; chanel=Email")
    assert wrong.returncode == 2 and 'Did you mean "channel"' in wrong.stderr
    refused = cli("export", "segments", "--db", ws, "--a", "kind=web")
    assert refused.returncode == 2 and refused.stderr.startswith("error: Give two to four segments")
    with workspace.connect(ws, read_only=True) as again:
        assert segments.compare(again, segments.define(again, "attrs.device"))["customers"].tolist() == [3, 1]


# ---------------------------------------------------------------- customer fields (contact lists)

@pytest.fixture
def crm_ws(tmp_path):
    """Demo journeys plus a CRM list: one row per contact, matched by email (in another case),
    phone or id, and some contacts with no journey at all."""
    import random

    from helpers import generated_workspace, write_csv

    from journey_explorer import ingest

    con = generated_workspace(tmp_path, 4000, seed=11)
    ids = con.execute("""SELECT id_type, id_value, customer_id FROM identities
                         WHERE id_type IN ('user_id', 'email', 'phone') ORDER BY ALL""").fetchall()
    rng = random.Random(5)
    picked = rng.sample(ids, min(400, len(ids)))
    rows, truth = [], {}
    for n, (kind, value, customer) in enumerate(picked):
        plan, stage = rng.choice(["free", "basic", "pro"]), rng.choice(["Lead", "Customer"])
        if customer in truth:
            continue   # one contact per customer, so a pandas lookup is the truth
        truth[customer] = (plan, stage)
        rows.append([value if kind == "user_id" else "", value.upper() if kind == "email" else "",
                     value if kind == "phone" else "", plan, stage, rng.randint(0, 900)])
    rows += [[f"nobody-{i}", f"nobody{i}@example.org", "", "pro", "Lead", 1] for i in range(7)]
    path = write_csv(tmp_path / "contacts.csv", ["Contact ID", "Email", "Phone", "Plan", "Lifecycle Stage", "LTV"], rows)
    report = ingest.load_files(con, [path]).files[0]
    yield con, truth, report
    con.close()


def test_a_contact_list_lands_as_customer_fields(crm_ws):
    con, truth, report = crm_ws
    assert (report.layout, report.kind, report.rows_rejected) == ("Contact list", "contacts", 0)
    assert report.contacts_matched == len(truth)      # the 7 without a journey are not matched
    assert report.summary()["contacts_matched"] == len(truth)
    got = dict(con.execute("SELECT customer_id, fields->>'Plan' FROM customers "
                           "WHERE customer_id IN (SELECT customer_id FROM touchpoints)").fetchall())
    assert got == {c: plan for c, (plan, _) in truth.items()}
    assert con.execute("SELECT count(*) FROM events WHERE origin_file = 'contacts.csv'").fetchall() == [(0,)]


def test_segments_by_a_customer_field_match_the_brute_force(crm_ws):
    con, truth, _ = crm_ws
    tp = tables.touchpoints(con)
    plan = tp["customer_id"].map(lambda c: truth.get(c, (None, None))[0])
    counts = tp.assign(plan=plan).dropna(subset=["plan"]).groupby("customer_id").agg(
        plan=("plan", "first"), converted=("is_conversion", "any"))
    expected = counts.groupby("plan").agg(customers=("converted", "size"), conversions=("converted", "sum"))
    chosen = segments.define(con, "customer.plan")
    want_order = sorted(expected.index, key=lambda p: (-expected.loc[p, "customers"], p))
    assert [s.name for s in chosen] == want_order
    frame = segments.compare(con, chosen).set_index("segment")
    assert frame["customers"].to_dict() == expected["customers"].to_dict()
    assert frame["conversions"].to_dict() == expected["conversions"].to_dict()
    # Forgiving names, negation and a field combined with a touchpoint condition.
    stage = tp["customer_id"].map(lambda c: truth.get(c, (None, None))[1])
    leads = set(tp.loc[stage == "Lead", "customer_id"])
    callers = set(tp.loc[tp["kind"] == "call", "customer_id"])
    pairs = [("customer.lifecycle_stage=Lead", leads), ("customer.LIFECYCLE-STAGE!=Lead", set(tp["customer_id"]) - leads)]
    for text, who in pairs:
        assert segments.compare(con, [segments.segment([text])])["customers"].tolist() == [len(who)]
    both = segments.compare(con, [segments.segment(["customer.Lifecycle Stage=Lead", "kind=call"])])
    assert both["customers"].tolist() == [len(leads & callers)]


def test_customer_fields_refuse_plainly(con, small):
    with pytest.raises(SegmentError, match="no contact list is loaded"):
        segments.define(con, "customer.plan")
    assert segments.describe(segments.parse_segment_condition("customer.plan!=pro")) == "Plan is not pro"


def test_split_choices_leave_out_identifiers_and_connector_metadata(crm_ws, tmp_path):
    from helpers import write_csv

    from journey_explorer import ingest

    con, _, _ = crm_ws
    rows = [[f"u{i % 30}", "visit", f"2024-05-01 10:{i % 60:02d}:00", f"order-{i}", "2024-06-01", "AB"[i % 2]]
            for i in range(60)]
    ingest.load_files(con, [write_csv(tmp_path / "orders.csv", ["user_id", "event", "timestamp", "order_ref",
                                                                "_fivetran_synced", "bucket"], rows)])
    choices = segments.split_choices(con)
    assert "attrs.bucket" in choices and "attrs.device" in choices
    assert "attrs.order_ref" not in choices and "attrs._fivetran_synced" not in choices
    assert [c for c in choices if c.startswith("customer.")] == ["customer.LTV", "customer.Lifecycle Stage",
                                                                 "customer.Plan"]
    # Kept all the same: a filter or a condition can still use them.
    assert con.execute("SELECT count(*) FROM touchpoints WHERE attrs->>'order_ref' = 'order-7'").fetchall() == [(1,)]


def test_segments_know_the_connector_columns_ingest_knows():
    from journey_explorer.ingest.layouts import CONNECTOR_METADATA

    assert segments.METADATA.pattern == CONNECTOR_METADATA.pattern
