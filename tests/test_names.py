"""Plain names: events, page paths by editable rules, segment conditions."""
from journey_explorer import names
from journey_explorer.conditions import EQUALS, STARTS, Condition


def test_ga4_and_common_events_get_readable_names():
    assert names.readable("add_to_cart") == "Added to cart"
    assert names.readable("generate_lead") == "Lead form sent"
    assert names.readable("view_item") == "Viewed a product"
    assert names.readable("Order Completed") == names.readable("purchase") == "Purchased"
    assert names.readable("session_start") == "Visit started"
    # already plain, or a name a person wrote: as it is
    assert names.readable("First call answered") == "First call answered"
    assert names.readable("Blog") == "Blog" and names.readable("(left)") == "(left)"
    assert names.readable("(no campaign)") == "No campaign"


def test_page_paths_become_page_names():
    assert names.readable("page_view /pricing") == "Viewed pricing page"
    assert names.readable("page_view /") == "Viewed home page"
    assert names.readable("page_view /checkout/thank-you") == "Viewed order confirmation"
    assert names.readable("page_view /products/summit-down-jacket") == "Viewed product: Summit down jacket"
    assert names.readable("page_view /about-us") == "Viewed about us page"     # no rule: its last part


def test_page_name_rules_are_edited_and_stored():
    rules = names.check_page_rules([(Condition(EQUALS, "/pricing"), "Plans and prices"),
                                    (Condition(STARTS, "/docs/"), "Help: *"), (Condition(EQUALS, "/x"), " ")])
    assert rules == (("^/pricing$", "Plans and prices"), ("^/docs/", "Help: *"))
    assert names.readable("page_view /pricing", rules) == "Viewed plans and prices"
    assert names.readable("page_view /docs/getting-started", rules) == "Viewed help: Getting started"
    setting = names.page_rules_setting(rules)
    assert names.page_rules({names.PAGE_NAMES_SETTING: setting}) == rules
    assert names.page_rules({}) == names.page_rules({names.PAGE_NAMES_SETTING: "not json"}) == names.DEFAULT_PAGE_NAMES
    assert [c for c, _ in names.editable_page_rules(rules)] == [Condition(EQUALS, "/pricing"), Condition(STARTS, "/docs/")]


def test_exports_keep_the_raw_name_beside_the_readable_one():
    import pandas as pd
    frame = pd.DataFrame({"step": [1], "source": ["page_view /pricing"], "customers": [3]})
    out = names.beside(frame, "source", names.readable)
    assert list(out.columns) == ["step", "source", "source_name", "customers"]
    assert out["source_name"].tolist() == ["Viewed pricing page"]
    assert names.path_text("page_view / > add_to_cart", names.readable) == "Viewed home page → Added to cart"


def test_segment_conditions_read_as_a_person_says_them():
    assert names.describe("kind", "call") == "Had a call"
    assert names.describe("kind", "call", negate=True) == "Never had a call"
    assert names.describe("channel", "Email", first=True) == "First came through Email"
    assert names.describe("touchpoint", "add_to_cart") == "Had “Added to cart”"
    assert names.describe("attrs.device", "mobile") is None


def test_with_plain_names_puts_each_readable_name_beside_its_raw_step():
    import pandas as pd
    links = pd.DataFrame({"step": [1, 1, 2], "source": ["page_view /pricing", "add_to_cart", None],
                          "target": ["add_to_cart", "(left)", "purchase"], "customers": [5, 3, 1]})
    named = names.with_plain_names(links)
    assert list(named.columns) == ["step", "source", "source_name", "target", "target_name", "customers"]
    assert named["source_name"].tolist() == ["Viewed pricing page", "Added to cart", "–"]
    assert named["target_name"].tolist() == ["Added to cart", "(left)", "Purchased"]
    assert named[["step", "source", "target", "customers"]].equals(links)       # the raw columns as they were
    paths = names.with_plain_names(pd.DataFrame({"path": ["page_view / > view_item"], "customers": [2]}), columns=["path"])
    assert paths.loc[0, "path_names"] == "Viewed home page → Viewed a product"
    shown = paths.assign(path_names="kept")                                     # named already: left alone
    assert names.with_plain_names(shown, columns=["path"])["path_names"].tolist() == ["kept"]
    traffic = pd.DataFrame({"touchpoint": ["purchase"], "source": ["google"]})   # a traffic source is no step
    assert list(names.with_plain_names(traffic, columns=["touchpoint"]).columns) == ["touchpoint", "touchpoint_name",
                                                                                     "source"]


def test_one_action_reads_the_same_whichever_tool_sent_it():
    # The event names the new-user exports carry (Mixpanel, Amplitude, Segment spec, GA4).
    same = {"Viewed a product": ["Viewed Product", "Product Viewed", "view_item", "VIEW-ITEM", "product viewed"],
            "Added to cart": ["Added to Cart", "Add To Cart", "Product Added", "add_to_cart", "ADD_TO_CART"],
            "Started checkout": ["Checkout Started", "begin_checkout", "Started Checkout"],
            "Purchased": ["Order Completed", "purchase", "Purchase", "order_completed"],
            "Viewed a page": ["[Amplitude] Page Viewed", "Page Viewed", "page_view", "$mp_web_page_view"],
            "Searched": ["Products Searched", "search"]}
    for plain, raws in same.items():
        assert {raw: names.readable(raw) for raw in raws} == {raw: plain for raw in raws}
    # A tool's prefix goes even on events with no plain name; a name a person wrote stays as it is.
    assert names.readable("[Amplitude] Start Session") == "Visit started"
    assert names.readable("[Amplitude] Revenue Logged") == "Revenue Logged"
    assert names.readable("Booked a demo") == "Booked a demo"
    assert names.readable("page_view /pricing") == "Viewed pricing page"


def test_names_leave_the_raw_touchpoints_alone(con, tmp_path):
    """Only the names line up: the data keeps each tool's own event, so counts by raw name stay apart."""
    import json

    from journey_explorer import ingest
    from journey_explorer.views import tables

    rows = [{"event": e, "properties": {"distinct_id": f"c{i}", "time": 1709280000 + i * 60, "$insert_id": f"i{i}"}}
            for i, e in enumerate(["Viewed Product", "Added to Cart", "Viewed Product"])]
    path = tmp_path / "mixpanel_export.json"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    ingest.load_files(con, [path])
    tp = tables.touchpoints(con)
    assert sorted(tp["touchpoint"]) == ["Added to Cart", "Viewed Product", "Viewed Product"]
    named = names.with_plain_names(tp[["touchpoint"]], columns=["touchpoint"])
    assert sorted(named["touchpoint_name"]) == ["Added to cart", "Viewed a product", "Viewed a product"]


def test_raw_names_that_read_alike_are_told_apart():
    label = names.telling_apart(names.readable, ["view_item", "Viewed Product", "add_to_cart", "page_view /pricing"])
    assert [label(n) for n in ["view_item", "Viewed Product", "add_to_cart", "page_view /pricing"]] == [
        "Viewed a product (view_item)", "Viewed a product (Viewed Product)", "Added to cart", "Viewed pricing page"]
