"""Rule conditions picked from lists ↔ the regexes the rules store: every default rule reads as a
plain condition that matches exactly what the stored regex matches, and a condition matches what
its words say (checked in DuckDB, the engine the rules run in)."""
import duckdb
import pytest

from journey_explorer import conditions, rules
from journey_explorer.conditions import (ANY, BLANK, CONTAINS, EMPTY, ENDS, EQUALS, NOT_EMPTY, ONE_OF, PATTERN, STARTS,
                                        Condition)


@pytest.mark.parametrize("pattern, condition", [
    (None, Condition(ANY)),
    (r"^(\(direct\)|direct)?$", Condition(ONE_OF, f"(direct), direct, {BLANK}")),
    (r"^(display|banner|expandable|interstitial|cpm)$", Condition(ONE_OF, "display, banner, expandable, interstitial, cpm")),
    (r"^organic$", Condition(EQUALS, "organic")),
    (r"^affiliate", Condition(STARTS, "affiliate")),
    (r"video", Condition(CONTAINS, "video")),
    (r"^First call answered$", Condition(EQUALS, "First call answered")),
    (r"^(.*cp.*|ppc|retargeting|paid.*)$", Condition(ONE_OF, "*cp*, ppc, retargeting, paid*")),
    (r"(mobile|notification)$", Condition(ENDS, "mobile, notification")),
    (r"refer|review|loyalty", Condition(CONTAINS, "refer, review, loyalty")),
    (r"^(goog|bing)", Condition(STARTS, "goog, bing")),
    (r"^$", Condition(EMPTY)),
    (r".", Condition(NOT_EMPTY)),
    (r"^\d+$", Condition(PATTERN, r"^\d+$")),
    (r"^(.*(([^a-df-z]|^)shop|shopping).*)$", Condition(PATTERN, r"^(.*(([^a-df-z]|^)shop|shopping).*)$")),
])
def test_stored_patterns_read_as_the_plainest_condition(pattern, condition):
    assert conditions.from_regex(pattern) == condition
    assert conditions.to_regex(condition) == pattern


# GA4's Paid Shopping campaign rule: "shop" after anything but a letter other than e. No list of
# values says that exactly, so it stays a pattern (see the model's DEFAULT_CHANNEL_RULES).
ADVANCED_DEFAULTS = {r"^(.*(([^a-df-z]|^)shop|shopping).*)$"}


def default_patterns() -> list[str]:
    return list(dict.fromkeys(p for name in ("channel", "conversion", "stage")
                              for column in rules.PATTERN_COLUMNS[name]
                              for p in rules.default_rules(name)[column] if isinstance(p, str)))


def test_no_default_rule_reads_as_a_regex():
    shown = {p: conditions.from_regex(p) for p in default_patterns()}
    regexes = {p for p, c in shown.items() if c.op == PATTERN}
    assert regexes == ADVANCED_DEFAULTS
    for pattern, condition in shown.items():
        if pattern not in ADVANCED_DEFAULTS:
            value = condition.value
            assert not (value.startswith("^") or value.endswith("$") or "\\" in value or "|" in value
                        or "[" in value), (pattern, condition)


def probes(pattern: str) -> set[str]:
    """Values around the edges of a pattern: each value it spells out, with text before, after,
    cut short, in capitals, and words that come close."""
    found = {"", "x", "google", "cpc", "paid_social", "(direct)", "newsletter", "e-mail", "shop", "workshop"}
    for _, text, _ in conditions.alternatives(pattern) or []:
        found |= {text, "x" + text, text + "x", "x" + text + "x", text[:-1], text[1:], text.upper(), text + ".com"}
    return found


def test_every_default_rule_reads_back_to_a_rule_that_matches_the_same():
    for name in ("channel", "conversion", "stage"):
        stored = rules.default_rules(name)
        table = conditions.as_conditions(stored, rules.PATTERN_COLUMNS[name])
        back = conditions.from_conditions(table, rules.RULE_COLUMNS[name], rules.PATTERN_COLUMNS[name])
        assert back.shape == stored.shape
        for column in rules.RULE_COLUMNS[name]:
            for before, after in zip(stored[column], back[column]):
                if column not in rules.PATTERN_COLUMNS[name] or not isinstance(before, str):
                    assert (after if isinstance(after, str) else None) == (before if isinstance(before, str) else None)
                    continue
                for value in probes(before):
                    assert matches(before, value) == matches(after, value), (before, after, value)


def matches(pattern, value) -> bool:
    return duckdb.execute("SELECT regexp_matches($v, '(?i)' || $p)", {"v": value, "p": pattern}).fetchall()[0][0]


def test_conditions_match_what_their_words_say():
    cases = [(Condition(EQUALS, "news.letter (a+b)"), {"news.letter (a+b)": True, "newsXletter (a+b)": False,
                                                       "a news.letter (a+b)": False}),
             (Condition(CONTAINS, "c++"), {"learn c++ now": True, "c+": False}),
             (Condition(STARTS, "/blog/"), {"/blog/x": True, "/en/blog/x": False}),
             (Condition(ONE_OF, "google, bing, (blank)"), {"google": True, "Bing": True, "": True, "yahoo": False,
                                                           "googles": False}),
             (Condition(ONE_OF, "paid*, *cpc, ppc"), {"Paid Social": True, "x-cpc": True, "ppc": True, "cpcx": False,
                                                     "unpaid": False}),
             (Condition(ENDS, "mobile, notification"), {"app mobile": True, "mobile app": False}),
             (Condition(CONTAINS, "email, newsletter"), {"my email": True, "the newsletter!": True, "mail": False}),
             (Condition(EMPTY), {"": True, " ": False}),
             (Condition(NOT_EMPTY), {"": False, "a": True})]
    for condition, expected in cases:
        pattern = conditions.to_regex(condition)
        assert {v: matches(pattern, v) for v in expected} == expected, condition
        assert conditions.from_regex(pattern) == condition


def test_a_condition_that_cannot_become_a_rule_says_why():
    with pytest.raises(conditions.ConditionError, match="needs a value"):
        conditions.to_regex(Condition(CONTAINS, " "))
    with pytest.raises(conditions.ConditionError, match="separate them with commas"):
        conditions.to_regex(Condition(ONE_OF, " , "))
    assert conditions.to_regex(Condition(PATTERN, "")) is None
