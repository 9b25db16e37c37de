"""The rules editor on the Data page: conditions from dropdowns compiled to the stored regexes,
the regexes as an advanced option, page names and the currency (AppTest on the page file)."""
import json
from pathlib import Path

from page_helpers import DATA, count, run_page

from journey_explorer import conditions, names, rules

JOURNEYS = str(Path(__file__).resolve().parents[2] / "pages" / "journeys.py")


def edit(rows: dict[int, dict]) -> dict:
    return {"edited_rows": rows, "added_rows": [], "deleted_rows": []}


def row_of(table, channel: str) -> int:
    return int(table.index[table["channel"] == channel][0])


def test_rules_read_as_conditions_without_regexes_or_none(full_ws):
    at = run_page(DATA, full_ws)
    table = at.data_editor(key="rules_channel").value
    direct = table.iloc[row_of(table, "Direct")]
    assert (direct["source_op"], direct["source_value"]) == (conditions.ONE_OF, "(direct), direct, (blank)")
    assert direct["campaign_op"] == conditions.ANY and direct["campaign_value"] == "" and direct["kind"] == "any"
    shown = table.astype(str).to_numpy().ravel().tolist()
    assert "None" not in shown and "nan" not in shown
    plain = table[table["medium_op"] != conditions.PATTERN]["medium_value"]   # a regex only where nothing simpler says it
    assert len(plain) > len(table) / 2 and not any(v.startswith("^") or v.endswith("$") for v in plain)


def test_a_condition_picked_from_the_dropdowns_becomes_the_stored_regex(full_ws):
    con = full_ws.con
    at = run_page(DATA, full_ws)
    table = at.data_editor(key="rules_channel").value
    referral = row_of(table, "Referral")
    at.session_state["rules_channel"] = edit({referral: {"medium_op": conditions.ONE_OF,
                                                          "medium_value": "referral, app, link, partner"}})
    at.run()
    at.button(key="rules_apply").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    stored = rules.get_rules(con, "channel")
    assert stored.iloc[referral]["medium"] == r"^(referral|app|link|partner)$"
    # starts with: the fixture's touchpoints from google become a channel of their own
    at = run_page(DATA, full_ws)
    at.session_state["rules_channel"] = edit({0: {"channel": "Google", "kind": "any", "source_op": conditions.STARTS,
                                                  "source_value": "goog"}})
    at.run()
    at.button(key="rules_apply").click().run()
    assert not at.error
    assert rules.get_rules(con, "channel").iloc[0]["source"] == "^goog"
    assert count(con, "SELECT count(*) FROM touchpoints WHERE channel = 'Google'") == \
        count(con, "SELECT count(*) FROM touchpoints WHERE source LIKE 'goog%'") > 0


def test_a_condition_without_a_value_says_so(full_ws):
    at = run_page(DATA, full_ws)
    before = rules.get_rules(full_ws.con, "channel")
    at.session_state["rules_channel"] = edit({1: {"campaign_op": conditions.CONTAINS, "campaign_value": ""}})
    at.run()
    at.button(key="rules_apply").click().run()
    assert [e.value for e in at.error] == ['In channel rule 2, campaign: "contains" needs a value to compare with.']
    assert rules.get_rules(full_ws.con, "channel").equals(before)


def test_regular_expressions_are_the_advanced_option(full_ws):
    at = run_page(DATA, full_ws)
    at.toggle(key="rules_advanced").set_value(True).run()
    table = at.data_editor(key="rules_channel_regex").value
    assert table.iloc[row_of(table, "Direct")]["source"] == r"^(\(direct\)|direct)?$"
    assert "None" not in table.astype(str).to_numpy().ravel().tolist()
    at.session_state["rules_channel_regex"] = edit({row_of(table, "Display"): {"medium": "^(display|banner)$"}})
    at.run()
    at.button(key="rules_apply").click().run()
    assert not at.error
    assert rules.get_rules(full_ws.con, "channel").iloc[row_of(table, "Display")]["medium"] == "^(display|banner)$"


def test_page_names_are_a_rule_the_user_edits(full_ws):
    at = run_page(DATA, full_ws)
    pages = at.data_editor(key="rules_pages").value
    assert pages.iloc[0].tolist() == [conditions.EQUALS, "/", "Home page"]
    at.session_state["rules_pages"] = {"edited_rows": {}, "deleted_rows": [],
                                       "added_rows": [{"path_op": conditions.EQUALS, "path_value": "/pricing",
                                                       "name": "Plans and prices"}]}
    at.run()
    # the first rule that matches wins, so the new one goes before the default "/pricing" rule
    assert names.page_name("/pricing", names.page_rules(rules.settings(full_ws.con))) == "Pricing page"
    at.button(key="rules_apply").click().run()
    assert not at.error
    saved = names.page_rules(rules.settings(full_ws.con))
    assert saved[-1] == ("^/pricing$", "Plans and prices")
    moved = (saved[-1],) + saved[:-1]
    rules.set_setting(full_ws.con, names.PAGE_NAMES_SETTING, names.page_rules_setting(moved))
    rules.set_setting(full_ws.con, "rules_version", "page-names-test")
    journeys = run_page(JOURNEYS, full_ws)
    chart = next(c for c in journeys.get("bidi_component") if c.proto.component_name.startswith("streamlit-echarts"))
    labels = [d["name"] for d in json.loads(chart.proto.json)["options"]["series"][0]["data"]]
    assert "Viewed plans and prices" in labels and "Viewed pricing page" not in labels


def test_the_currency_follows_the_country_unless_chosen(full_ws):
    at = run_page(DATA, full_ws)
    assert at.selectbox(key="rules_currency").value == ""
    assert "(USD)" in at.selectbox(key="rules_currency").format_func("")
    at.selectbox(key="rules_currency").set_value("EUR").run()
    at.button(key="rules_apply").click().run()
    assert rules.settings(full_ws.con)["currency"] == "EUR"


GA4_SHOP_CAMPAIGN = r"^(.*(([^a-df-z]|^)shop|shopping).*)$"   # no list of values says it exactly


def test_every_default_rule_shows_as_a_plain_condition(full_ws):
    at = run_page(DATA, full_ws)
    for name in ("channel", "conversion", "stage"):
        table = at.data_editor(key=f"rules_{name}").value
        ops = [c for c in table.columns if c.endswith("_op")]
        advanced = {table.loc[i, c.replace("_op", "_value")] for c in ops for i in table.index
                    if table.loc[i, c] == conditions.PATTERN}
        assert advanced <= {GA4_SHOP_CAMPAIGN}, (name, advanced)
        values = [v for c in ops for v in table[c.replace("_op", "_value")] if v != GA4_SHOP_CAMPAIGN]
        assert not any(v.startswith("^") or v.endswith("$") or "\\" in v or "|" in v for v in values), name
        assert "None" not in table.astype(str).to_numpy().ravel().tolist()
    stage = at.data_editor(key="rules_stage").value
    consideration = stage[stage["stage"] == "Consideration"].iloc[0]
    assert consideration["touchpoint_op"] == conditions.ONE_OF and "*pricing*" in consideration["touchpoint_value"]


def test_applying_the_plain_defaults_unedited_changes_no_channel(full_ws):
    con = full_ws.con
    before = con.execute("SELECT touchpoint, channel, stage, is_conversion FROM touchpoints ORDER BY ALL").fetchall()
    at = run_page(DATA, full_ws)
    at.button(key="rules_apply").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    stored = rules.get_rules(con, "channel")
    assert stored.iloc[row_of(stored, "Paid Search")]["medium"] == r"^(.*cp.*|ppc|retargeting|paid.*)$"
    after = con.execute("SELECT touchpoint, channel, stage, is_conversion FROM touchpoints ORDER BY ALL").fetchall()
    assert after == before
