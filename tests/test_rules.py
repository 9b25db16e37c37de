import pandas as pd
import pytest
from helpers import write_csv

from journey_explorer import ingest, rules
from journey_explorer.ingest.layouts import Mapping


def load_sources(con, tmp_path, pairs):
    path = write_csv(tmp_path / "visits.csv", ["user_id", "event", "ts", "source", "medium", "campaign"],
                     [[f"u{i}", "visit", f"2024-01-01 10:{i:02d}", s, m, c] for i, (s, m, c) in enumerate(pairs)])
    mapping = Mapping("Event log", "web", {"user_id": "user_id", "event": "event", "timestamp": "ts",
                                            "source": "source", "medium": "medium", "campaign": "campaign"})
    ingest.load_files(con, [path], mappings={str(path): mapping})
    return [r[0] for r in con.execute("SELECT channel FROM touchpoints ORDER BY origin_row").fetchall()]


def test_default_channel_grouping_follows_ga4(con, tmp_path):
    pairs = [("google", "cpc", ""), ("bing", "ppc", ""), ("google", "organic", ""), ("facebook", "paid_social", ""),
             ("instagram", "", ""), ("(direct)", "(none)", ""), ("", "", ""), ("newsletter", "email", ""),
             ("partner.example.com", "referral", ""), ("criteo", "display", ""), ("youtube", "cpv", ""),
             ("google", "cpc", "shopping_boots"), ("awin", "affiliate", ""), ("google", "cpc", "cross-network promo"),
             ("sms", "sms", ""), ("something", "weird", "")]
    assert load_sources(con, tmp_path, pairs) == [
        "Paid Search", "Paid Search", "Organic Search", "Paid Social", "Organic Social", "Direct", "Direct",
        "Email", "Referral", "Display", "Paid Video", "Paid Shopping", "Affiliates", "Cross-network", "SMS",
        "Referral"]


def test_edited_rules_reapply_without_reloading(con, tmp_path):
    load_sources(con, tmp_path, [("google", "cpc", ""), ("tiktok", "influencer", "")])
    table = rules.get_rules(con, "channel")
    table = pd.concat([pd.DataFrame([{"channel": "Influencers", "medium": "^influencer$"}]), table], ignore_index=True)
    rules.save_rules(con, "channel", table)
    rules.apply_rules(con)
    assert [r[0] for r in con.execute("SELECT channel FROM touchpoints ORDER BY origin_row").fetchall()] == \
        ["Paid Search", "Influencers"]


def test_bad_rules_get_plain_messages(con):
    with pytest.raises(rules.RuleError, match=r'channel rule 1, the source pattern "\(oops" is not a valid regular expression'):
        rules.save_rules(con, "channel", pd.DataFrame([{"channel": "X", "source": "(oops"}]))
    with pytest.raises(rules.RuleError, match='Did you mean "Consideration"'):
        rules.save_rules(con, "stage", pd.DataFrame([{"stage": "Considration"}]))
    with pytest.raises(rules.RuleError, match='kind "calls"'):
        rules.save_rules(con, "conversion", pd.DataFrame([{"kind": "calls", "touchpoint": "x"}]))


def test_blank_editor_rows_are_dropped_and_blank_cells_mean_any(con):
    rules.save_rules(con, "conversion", pd.DataFrame({"kind": [None, float("nan"), ""], "touchpoint": ["^buy$", None, " "]}))
    assert rules.get_rules(con, "conversion").to_dict("records") == [{"kind": None, "touchpoint": "^buy$"}]


def test_stages_follow_the_journey(con, tmp_path):
    path = write_csv(tmp_path / "j.csv", ["user_id", "event", "ts"], [
        ["u1", "page_view", "2024-01-01 10:00"], ["u1", "view_item", "2024-01-01 10:01"],
        ["u1", "purchase", "2024-01-01 10:02"], ["u1", "account", "2024-01-05 10:00"],
        ["u1", "purchase", "2024-02-01 10:00"], ["u1", "write_review", "2024-02-03 10:00"]])
    ingest.load_files(con, [path], mappings={str(path): Mapping("Event log", "web", {
        "user_id": "user_id", "event": "event", "timestamp": "ts"})})
    assert [r[0] for r in con.execute("SELECT stage FROM touchpoints ORDER BY ts").fetchall()] == [
        "Awareness", "Consideration", "Purchase", "Experience", "Loyalty", "Loyalty"]


def test_regex_escape_matches_names_literally():
    import re
    name = "Order (web) + $5?"
    assert re.fullmatch(rules.regex_escape(name), name)
