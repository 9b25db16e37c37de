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
