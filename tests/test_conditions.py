"""Rule conditions picked from lists ↔ the regexes the rules store: every default rule reads
back to exactly what is stored, and a condition matches what its words say (checked in DuckDB,
the engine the rules run in)."""
import duckdb
import pytest

from journey_explorer import conditions, rules
from journey_explorer.conditions import ANY, BLANK, CONTAINS, EQUALS, ONE_OF, PATTERN, STARTS, Condition


@pytest.mark.parametrize("pattern, condition", [
    (None, Condition(ANY)),
    (r"^(\(direct\)|direct)?$", Condition(ONE_OF, f"(direct), direct, {BLANK}")),
    (r"^(display|banner|expandable|interstitial|cpm)$", Condition(ONE_OF, "display, banner, expandable, interstitial, cpm")),
    (r"^organic$", Condition(EQUALS, "organic")),
    (r"^affiliate", Condition(STARTS, "affiliate")),
    (r"video", Condition(CONTAINS, "video")),
    (r"^First call answered$", Condition(EQUALS, "First call answered")),
    (r"^(.*cp.*|ppc|retargeting|paid.*)$", Condition(PATTERN, r"^(.*cp.*|ppc|retargeting|paid.*)$")),
    (r"(mobile|notification)$", Condition(PATTERN, r"(mobile|notification)$")),
])
def test_stored_patterns_read_as_the_plainest_condition(pattern, condition):
    assert conditions.from_regex(pattern) == condition
    assert conditions.to_regex(condition) == pattern


def test_every_default_rule_reads_back_to_exactly_what_is_stored():
    for name in ("channel", "conversion", "stage"):
        stored = rules.default_rules(name)
        table = conditions.as_conditions(stored, rules.PATTERN_COLUMNS[name])
        back = conditions.from_conditions(table, rules.RULE_COLUMNS[name], rules.PATTERN_COLUMNS[name])
        assert back.astype(object).where(back.notna(), None).values.tolist() == \
            stored.astype(object).where(stored.notna(), None).values.tolist()


def matches(pattern, value) -> bool:
    return duckdb.execute("SELECT regexp_matches($v, '(?i)' || $p)", {"v": value, "p": pattern}).fetchall()[0][0]


def test_conditions_match_what_their_words_say():
    cases = [(Condition(EQUALS, "news.letter (a+b)"), {"news.letter (a+b)": True, "newsXletter (a+b)": False,
                                                       "a news.letter (a+b)": False}),
             (Condition(CONTAINS, "c++"), {"learn c++ now": True, "c+": False}),
             (Condition(STARTS, "/blog/"), {"/blog/x": True, "/en/blog/x": False}),
             (Condition(ONE_OF, "google, bing, (blank)"), {"google": True, "Bing": True, "": True, "yahoo": False,
                                                           "googles": False})]
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
