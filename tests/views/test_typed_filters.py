"""Typed comparisons, bare and forgiving names, and customer fields, in --where filters and in
segment conditions, against the pandas brute force (segment_brute_force.py) on a shop log with
extra columns and a CRM contact list."""
import io
import random

import pandas as pd
import pytest
from helpers import cli, write_csv
from segment_brute_force import bf_split, bf_where, members, users

from journey_explorer import ingest, workspace
from journey_explorer.filters import FilterError, Filters, parse_filters
from journey_explorer.views import segments, tables
from journey_explorer.views.segments import SegmentError

SHOP = ["user_id", "event", "timestamp", "device", "cart_items", "score", "signup_date", "Lifecycle Stage", "zip"]
CONTACTS = ["Contact ID", "Plan", "Lifetime Value", "Created"]


def build_shop(folder):
    """A shop log whose extra columns are numbers (cart_items; score written 100 and 100.0),
    ISO dates, words with a header of two words, and codes with leading zeros; a contact list
    for most of its users. Returns the workspace, its touchpoints and each customer's
    contact-list fields."""
    rng = random.Random(12)
    rows = []
    for n in range(500):
        user = f"u{rng.randrange(80)}"
        rows.append([user, rng.choice(["page_view", "add_to_cart", "purchase"]),
                     f"2024-05-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:{n % 60:02d}:00",
                     rng.choice(["mobile", "desktop", "tablet"]), str(rng.randint(0, 6)),
                     rng.choice(["100", "100.0", "99.5", "250", "7"]), f"2024-{rng.randint(1, 9):02d}-15",
                     rng.choice(["Lead", "Customer", "Churned"]), f"00{rng.randint(1, 4)}"])
    contacts = {f"u{i}": {"Plan": rng.choice(["free", "basic", "pro"]), "Lifetime Value": rng.randint(0, 1000),
                          "Created": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}
                for i in range(70)}
    files = [write_csv(folder / "shop.csv", SHOP, rows),
             write_csv(folder / "crm.csv", CONTACTS,
                       [[u, f["Plan"], str(f["Lifetime Value"]), f["Created"]] for u, f in contacts.items()])]
    con = workspace.connect(folder / "workspace.duckdb")
    report = ingest.load_files(con, files)
    assert [f.kind for f in report.files] == ["other", "contacts"]
    fields = {c: contacts[u] for c, u in users(con).items() if u in contacts}
    return con, tables.touchpoints(con), fields


@pytest.fixture(scope="module")
def shop_ws(tmp_path_factory):
    con, tp, fields = build_shop(tmp_path_factory.mktemp("shop"))
    yield con, tp, fields
    con.close()


@pytest.fixture
def con(shop_ws):
    return shop_ws[0]


@pytest.fixture
def shop(shop_ws):
    return shop_ws[1:]


WHERE = [
    ["attrs.cart_items>2"], ["cart_items>=2"], ["attrs.cart_items<1"], ["cart_items<=0"],
    ["attrs.cart_items>1", "attrs.cart_items<4"],                    # a range: both hold
    ["attrs.score=100"], ["score=100.0"], ["score!=100"], ["attrs.score<=99.5"],   # 100 and 100.0 alike
    ["signup_date<2024-04-01"], ["attrs.signup_date>=2024-06-15"],
    ["device=mobile"], ["device=mobile", "device=tablet"], ["Device!=mobile"],
    ["lifecycle stage=Lead"], ["Lifecycle_Stage!=Lead"], ["LIFECYCLE-STAGE=Churned", "cart_items>3"],
    ["zip=003"], ["zip=3"],                                          # a code, not the number 3
    ["customer.plan=pro"], ["customer.Plan!=pro"], ["customer.plan=pro", "customer.plan=basic"],
    ["customer.lifetime_value>=500"], ["customer.Lifetime Value<100", "device=desktop"],
    ["customer.created<2024-06-01"], ["customer.CREATED>=2024-06-01", "touchpoint=purchase"],
]


@pytest.mark.parametrize("where", WHERE, ids=" & ".join)
def test_where_filters_keep_the_touchpoints_pandas_keeps(con, shop, where):
    tp, fields = shop
    expected = bf_where(tp, where, fields)
    got = tables.touchpoints(con, parse_filters(where))
    assert len(got) == expected.sum()
    assert sorted(got["origin_row"]) == sorted(tp.loc[expected, "origin_row"])
    if where != ["zip=3"]:
        assert 0 < len(got) < len(tp), where   # each case tells something apart


SEGMENTS = [
    ["attrs.cart_items>5"], ["first.cart_items>=4"], ["first.score=100"], ["score!=7"],
    ["first.signup_date<2024-03-01"], ["device=tablet", "first.Lifecycle Stage!=Lead"],
    ["customer.lifetime_value>=500"], ["customer.created<2024-04-01", "device=mobile"],
    ["customer.plan!=pro", "attrs.score>200"], ["customer.Lifetime_Value>900"],
]


@pytest.mark.parametrize("conditions", SEGMENTS, ids=" & ".join)
def test_segment_counts_under_typed_comparisons_match_pandas(con, shop, conditions):
    tp, fields = shop
    who = members(tp, conditions, fields)
    assert 0 < len(who) < tp["customer_id"].nunique()
    chosen = segments.segment(conditions, "S")
    assert segments.compare(con, [chosen])["customers"].tolist() == [len(who)]
    kept = tables.touchpoints(con, Filters(segment=chosen))
    assert set(kept["customer_id"]) == who and len(kept) == tp["customer_id"].isin(who).sum()


def test_splits_by_bare_and_forgiving_names(con, shop):
    tp, _ = shop
    for by, field in [("device", "attrs.device"), ("lifecycle stage", "attrs.Lifecycle Stage"),
                      ("first.Lifecycle_Stage", "attrs.Lifecycle Stage"), ("Channel", "channel")]:
        chosen = segments.split_segments(con, by)
        expected = bf_split(tp, field)
        assert [s.name for s in chosen] == [name for name, _ in expected], by
        assert segments.compare(con, chosen)["customers"].tolist() == [n for _, n in expected], by
    with pytest.raises(SegmentError, match='not something to split.*device.*Did you mean "device"'):
        segments.split_segments(con, "devise")


def test_comparisons_that_cannot_be_made_say_so_in_one_sentence(con, shop):
    cases = {"device>5": "device holds words, not numbers or dates, so it cannot be compared with >",
             "attrs.cart_items>lots": '"cart items > lots" needs a number or a date after >',
             "customer.created>100": "Created holds dates, so compare it with a date such as 2024-06-01.",
             "signup_date<=5": "signup date holds dates",
             "customer.plan>=2024-01-01": "Plan holds words"}
    for text, message in cases.items():
        with pytest.raises(FilterError) as problem:
            tables.touchpoints(con, parse_filters([text]))
        assert str(problem.value).startswith(message) and str(problem.value).count(". ") == 0, text
        with pytest.raises(FilterError, match=message.split(",")[0]):
            segments.compare(con, [segments.segment([text], "S")])
    with pytest.raises(FilterError, match=r'"colour" is not something to filter on\. Fields: customer_id, kind'):
        tables.touchpoints(con, parse_filters(["colour=red"]))
    with pytest.raises(FilterError, match="kept columns of your files: Lifecycle Stage, cart_items, device"):
        segments.compare(con, [segments.segment(["first.colour=red"], "S")])


def test_values_and_names_stay_data(con, shop):
    tp, _ = shop
    assert len(tables.touchpoints(con, parse_filters(["attrs.cart_items=0 OR 1=1"]))) == 0   # not a number: words
    with pytest.raises(FilterError):
        parse_filters(['cart_items") OR 1=1 -->1'])
    assert len(tables.touchpoints(con, parse_filters(["customer.plan=x' OR '1'='1"]))) == 0
    assert segments.compare(con, [segments.segment(["customer.plan!=x' OR '1'='1"], "S")])["customers"].tolist() \
        == [tp["customer_id"].nunique()]


def test_the_builder_offers_customer_field_values(con, shop):
    _, fields = shop
    assert set(segments.field_values(con, "customer.Plan")) == {f["Plan"] for f in fields.values()}


def test_cli_splits_by_a_bare_name_and_filters_by_a_customer_field(tmp_path):
    con, tp, fields = build_shop(tmp_path)
    con.close()
    ws = tmp_path / "workspace.duckdb"
    run = cli("export", "segments", "--db", ws, "--by", "device")
    assert run.returncode == 0, run.stderr
    assert pd.read_csv(io.StringIO(run.stdout))[["segment", "customers"]].values.tolist() == \
        [list(pair) for pair in bf_split(tp, "attrs.device")]
    pro = cli("export", "segments", "--db", ws, "--by", "device", "--where", "customer.plan=pro")
    assert pro.returncode == 0, pro.stderr
    kept = tp[bf_where(tp, ["customer.plan=pro"], fields)]
    assert 0 < kept["customer_id"].nunique() < tp["customer_id"].nunique()
    assert pd.read_csv(io.StringIO(pro.stdout))[["segment", "customers"]].values.tolist() == \
        [list(pair) for pair in bf_split(kept, "attrs.device")]
    rows = cli("export", "touchpoints", "--db", ws, "--where", "customer.lifetime_value>=500", "--where", "cart_items>3")
    assert rows.returncode == 0, rows.stderr
    assert len(pd.read_csv(io.StringIO(rows.stdout))) == \
        bf_where(tp, ["customer.lifetime_value>=500", "cart_items>3"], fields).sum()
    wrong = cli("export", "touchpoints", "--db", ws, "--where", "cart_items>many")
    assert wrong.returncode == 2 and wrong.stderr.startswith('error: "cart items > many" needs a number or a date')


def test_a_segment_is_checked_against_the_data_before_anything_is_drawn(con, shop):
    assert [c.field for c in segments.check(con, segments.segment(["device=mobile", "first.lifecycle stage=Lead",
                                                                   "customer.plan=pro"])).where] == \
        ["attrs.device", "first.attrs.Lifecycle Stage", "customer.Plan"]
    for wrong, message in [("colour=red", "not something to filter on"), ("device>2", "holds words"),
                           ("customer.colour=red", 'No contact list has a field "colour"')]:
        with pytest.raises(ValueError, match=message):
            segments.check(con, segments.segment([wrong]))
    assert segments.compared(parse_filters(["customer.created<2024-06-01"]).where[0]) == "before 2024-06-01"
