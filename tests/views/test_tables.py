import pytest

from journey_explorer import ingest
from journey_explorer.filters import parse_filters
from journey_explorer.views import overview as overview_view
from journey_explorer.views import tables


def test_overview_matches_a_count_in_pandas(con, journey_files):
    ingest.load_files(con, list(journey_files.values()))
    tp = tables.touchpoints(con)
    data = overview_view.overview(con)
    kinds = tp.groupby("customer_id")["kind"].nunique()
    assert data.totals["customers"] == tp["customer_id"].nunique() == 3
    assert data.totals["touchpoints"] == len(tp) == 7
    assert data.totals["multi_kind_customers"] == (kinds > 1).sum() == 1
    assert data.by_kind.set_index("kind")["touchpoints"].to_dict() == tp["kind"].value_counts().to_dict()
    assert data.by_channel["touchpoints"].sum() == len(tp)
    assert data.by_month["touchpoints"].sum() == len(tp)
    assert data.kind_mix.set_index("kinds")["customers"].to_dict() == {"call": 1, "email": 1, "call + email + web": 1}


def test_empty_workspace_overview(con):
    data = overview_view.overview(con)
    assert data.totals["touchpoints"] == 0 and data.totals["customers"] == 0 and data.by_kind.empty


def test_filter_choices(con, journey_files):
    ingest.load_files(con, list(journey_files.values()))
    choices = tables.filter_choices(con)
    assert choices["kinds"] == ["call", "email", "web"] and "Phone" in choices["channels"]
    assert str(choices["first"]) == "2024-03-05" and str(choices["last"]) == "2024-03-21"


@pytest.mark.parametrize("where", [None, ["channel!=Email", "kind!=call"]], ids=["all", "filtered"])
def test_overview_customers_per_kind_and_channel_at_scale(demo_ws, where):
    filters = parse_filters(where) if where else None
    tp = tables.touchpoints(demo_ws, filters)
    data = overview_view.overview(demo_ws, filters)
    for by, frame in (("kind", data.by_kind), ("channel", data.by_channel)):
        got = frame.set_index(by)
        assert got["customers"].to_dict() == tp.groupby(by)["customer_id"].nunique().to_dict()
        assert got["touchpoints"].to_dict() == tp[by].value_counts().to_dict()
        assert got["conversions" if by == "channel" else "touchpoints"].sum() > 0


def _export_with_clutter(tmp_path):
    """A shop export shaped like the new-user files: Shopify's Billing Name / Billing Phone, Meta's
    hashed fn / ln / ct, Mixpanel's $insert_id, a connector's metadata, an order number on every
    row, a second email column, a masked phone column, and the columns worth splitting by."""
    import hashlib

    from helpers import write_csv

    def sha(text):
        return hashlib.sha256(text.encode()).hexdigest()

    header = ["user_id", "event", "timestamp", "Billing Name", "Billing Phone", "fn", "ln", "ct", "$insert_id",
              "_fivetran_synced", "order_ref", "Contact Email", "Masked Phone", "plan", "Shipping Country",
              "tracking_number"]
    people = ["Anna Berg", "Wim Dubois", "Li Wei", "Sam Okafor", "Eva Novak", "Tom Ruiz"]
    rows = []
    for i in range(60):
        who = people[i % 6]
        first, last = who.split()
        rows.append([f"u{i % 6}", "purchase" if i % 5 == 0 else "page_view", f"2024-03-{1 + i % 28:02d} 10:{i % 60:02d}:00",
                     who, f"'+1 512-555-{1000 + i % 6}", sha(first.lower()), sha(last.lower()), sha("austin"), f"ins{i}",
                     f"2024-06-01 00:00:{i % 60:02d}", f"#{1001 + i}", f"{first.lower()}@example.com", "***",
                     "pro" if i % 3 else "free", "US" if i % 2 else "DE", "(800) 555-0100"])
    return write_csv(tmp_path / "shop_export.csv", header, rows), header


def test_useless_and_personal_columns_are_kept_but_not_offered(con, tmp_path):
    from journey_explorer.views import segments

    path, header = _export_with_clutter(tmp_path)
    ingest.load_files(con, [path])
    kept = {k for (k,) in con.execute("SELECT DISTINCT unnest(json_keys(attrs)) FROM touchpoints").fetchall()}
    clutter = {"Billing Name", "Billing Phone", "fn", "ln", "ct", "$insert_id", "_fivetran_synced", "order_ref",
               "Contact Email", "Masked Phone"}
    offered = set(tables.attribute_names(con))
    assert {"plan", "Shipping Country", "tracking_number"} <= offered     # worth a filter or a split
    assert not clutter & offered, clutter & offered
    assert clutter - {"Contact Email"} <= kept and "plan" in kept   # a second email is an identifier
    # The Segments page offers the same kept columns to split by as the sidebar does.
    split = {c.removeprefix("attrs.") for c in segments.split_choices(con) if c.startswith("attrs.")}
    assert split == offered
    # Still there for whoever names them: a filter on a left-out column counts what pandas counts.
    tp = tables.touchpoints(con, parse_filters(["attrs.order_ref=#1007"]))
    assert len(tp) == 1
    assert con.execute("SELECT count(*) FROM touchpoints WHERE attrs->>'fn' = ?",
                       [hashlib_sha("anna")]).fetchone()[0] == 10


def hashlib_sha(text):
    import hashlib
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.parametrize("name, n, distinct, sample, expected, customers", [(*c, None)[:6] for c in [
    ("device", 100, 3, ["mobile", "desktop", "tablet"], True),
    ("Campaign", 100, 4, ["SpringSale2024EmailBlast", "SummerSaleEmailNewsletter2024Q3", "retarget_q1", "brand"], True),
    ("city", 230, 5, ["Austin", "Berlin", "Paris", "Rome", "79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621"],
     True),                                             # one hashed value among plain ones: still a city
    ("hashed_email", 40, 4, ["s8r6QO8d+8Hr3NkjgThb3Q==", "g6gCVxe7QOHRjtaoLMfOwVBD", "Zk9vQmFyQmF6MTIzNDU2Nzg5MA==",
                            "q1W2e3R4t5Y6u7I8o9P0aSdF"], False),   # base64 ids
    ("properties.$insert_id", 5, 5, ["a1", "a2", "a3", "a4", "a5"], False),
    ("messageId", 5, 2, ["ajs-1", "ajs-2"], False),
    ("Shipping Name", 5, 2, ["Anna Berg", "Li Wei"], False),
    ("Phone (billing)", 5, 3, ["+1 512-555-1000", "+44 20 7946 0018", "(415) 555-0132"], False),
    ("order_number", 40, 40, [f"#{i}" for i in range(40)], False),   # nearly all distinct
    ("Cancelled at", 0, 0, [], False),                                # never filled in
    ("member_ref", 300, 30, [f"m{i}" for i in range(30)], False, 30),   # one value per customer: a person's id
    ("plan", 300, 3, ["free", "basic", "pro"], True, 30),
    ("LEID", 5, 2, ["12345", "12346"], False),                          # Mailchimp's member ids
    ("rare_flag", None, None, None, True),                              # too rare for the sample: by its name
    ("_airbyte_extracted_at", 5, 1, ["2024-06-01"], False),
    ("user_properties.email", 50, 20, [f"p{i}@example.com" for i in range(20)], False),
    ("Lineitem name", 18, 2, ["Alpine 2 Tent - Green", "Tent pegs (10)"], True),
]])
def test_which_attributes_are_offered(name, n, distinct, sample, expected, customers):
    assert tables.offered(name, n, distinct, sample, customers) is expected
