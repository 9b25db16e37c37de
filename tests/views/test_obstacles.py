"""Obstacles on generated shop journeys (an event log loaded through the real loader): problems
planted in known weeks are found at the top, in the right place, and journeys generated
without any problem yield no finding."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from shop_journeys import DROP_WEEKS, LOOP_WEEKS, MOBILE, STALL_WEEKS, T0, shop_workspace

from journey_explorer.views import obstacle_stats, obstacle_words
from journey_explorer.views.obstacles import COLUMNS, EVERYONE, ObstacleError, journeys_link, obstacle_report


def week_of(day) -> int:
    return (pd.Timestamp(day) - pd.Timestamp(T0)).days // 7


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    con = shop_workspace(tmp_path_factory.mktemp("planted"), 31, drop=True, loop=True, error=True)
    yield obstacle_report(con, "week")
    con.close()


@pytest.fixture(scope="module")
def clean_con(tmp_path_factory):
    con = shop_workspace(tmp_path_factory.mktemp("clean"), 32, drop=False, loop=False, error=False)
    yield con
    con.close()


def test_the_three_planted_problems_are_the_top_three_findings(planted):
    findings = planted.findings
    assert list(findings.columns) == COLUMNS
    top = findings.head(3)
    assert sorted(top["kind"]) == ["drop", "error", "loop"], findings[["kind", "step", "segment"]]
    assert findings["lost_customers"].is_monotonic_decreasing
    assert (findings["p_value"] <= obstacle_stats.ALPHA).all()


def test_the_drop_is_found_for_mobile_at_payment_in_its_weeks(planted):
    drop = planted.findings[planted.findings["kind"] == "drop"].iloc[0]
    assert (drop["step"], drop["segment"]) == ("payment", MOBILE)
    assert abs(week_of(drop["period_start"]) - DROP_WEEKS[0]) <= 1
    assert abs(week_of(drop["period_end"]) - DROP_WEEKS[-1]) <= 1
    assert drop["rate"] < 0.2 and 0.4 < drop["baseline_rate"] < 0.6
    # The other customers bought as usual: not reported for everyone as well.
    assert not ((planted.findings["kind"] == "drop") & (planted.findings["segment"] == EVERYONE)).any()
    assert drop["summary"].startswith(f"From {obstacle_words.day(drop['period_start'], False)} to ")
    assert "of customers on mobile at payment went on to purchase, against" in drop["summary"]
    assert drop["summary"].endswith(f"about {drop['lost_customers']:,} customers lost.")
    assert drop["lost_customers"] == round(drop["customers"] * (drop["baseline_rate"] - drop["rate"]))


def test_the_loop_is_found_once_for_everyone_in_its_weeks(planted):
    loops = planted.findings[planted.findings["kind"] == "loop"]
    loop = loops.iloc[0]
    assert loop["step"] in ("cart", "shipping") and loop["segment"] == EVERYONE
    assert abs(week_of(loop["period_start"]) - LOOP_WEEKS[0]) <= 1
    assert abs(week_of(loop["period_end"]) - LOOP_WEEKS[-1]) <= 1
    assert loop["rate"] > 0.4 and loop["baseline_rate"] < 0.1
    other = {"cart": "shipping", "shipping": "cart"}[loop["step"]]
    assert f"(mostly through {other})" in loop["summary"]
    assert not (loops["step"] == other).any()     # cart ↔ shipping is one loop, not two


def test_the_error_step_is_found_ending_journeys(planted):
    error = planted.findings[planted.findings["kind"] == "error"].iloc[0]
    assert (error["step"], error["segment"]) == ("payment_error", EVERYONE)
    assert error["rate"] == pytest.approx(0.85, abs=0.08) and error["baseline_rate"] < 0.4
    assert error["summary"].startswith(f"{error['rate']:.0%} of the times customers hit payment_error their journey "
                                       "ended there, against")


def test_a_stall_in_known_weeks_and_a_loop_of_mobile_customers_are_found(tmp_path):
    con = shop_workspace(tmp_path, 33, stall=True, mobile_loop=True)
    findings = obstacle_report(con, "week").findings
    con.close()
    assert sorted(findings["kind"].head(2)) == ["loop", "stall"], findings[["kind", "step", "segment"]]
    stall = findings[findings["kind"] == "stall"].iloc[0]
    assert (stall["step"], stall["segment"]) == ("shipping", EVERYONE)
    assert abs(week_of(stall["period_start"]) - STALL_WEEKS[0]) <= 1
    assert abs(week_of(stall["period_end"]) - STALL_WEEKS[-1]) <= 1
    assert stall["rate"] > 0.9 and 0.35 < stall["baseline_rate"] < 0.5   # the median counts the slow weeks too
    assert "of customers at shipping took more than " in stall["summary"] and "to their next step" in stall["summary"]
    loop = findings[findings["kind"] == "loop"].iloc[0]
    assert loop["step"] in ("cart", "shipping") and loop["segment"] == MOBILE
    assert loop["summary"].startswith(f"{loop['rate']:.0%} of customers on mobile at {loop['step']} came round back")
    assert f"against {loop['baseline_rate']:.0%} of other customers" in loop["summary"]
    assert len(findings[findings["kind"] == "loop"]) == 1


def test_each_finding_has_its_rate_over_time(planted):
    rates = planted.rates
    assert set(rates["finding"]) == set(range(len(planted.findings)))
    drop_row = planted.findings.index[planted.findings["kind"] == "drop"][0]
    drop = rates[rates["finding"] == drop_row]
    inside, outside = drop[drop["in_finding"]], drop[~drop["in_finding"]]
    assert inside["rate"].max() < outside["rate"].min() + 0.15
    finding = planted.findings.loc[drop_row]
    assert inside["customers"].sum() == finding["customers"]
    assert pd.Timestamp(inside["period_start"].min()).date() == finding["period_start"]


def test_the_journeys_link_carries_the_segment_and_dates(planted):
    drop = planted.findings[planted.findings["kind"] == "drop"].iloc[0]
    url = urlparse(journeys_link(drop, "abcdefghijklmnop"))
    query = parse_qs(url.query)
    assert url.path == "journeys"
    assert query == {"ws": ["abcdefghijklmnop"], "customers": [MOBILE],
                     "from": [drop["period_start"].isoformat()], "to": [drop["period_end"].isoformat()]}
    loop = planted.findings[planted.findings["kind"] == "loop"].iloc[0]
    assert "customers" not in parse_qs(urlparse(journeys_link(loop)).query)


def test_journeys_without_problems_yield_no_finding(clean_con):
    for period in ("week", "month"):
        report = obstacle_report(clean_con, period)
        assert report.findings.empty, report.findings[["kind", "step", "segment", "p_value"]]
        assert list(report.findings.columns) == COLUMNS


def test_the_period_must_be_week_or_month(clean_con):
    with pytest.raises(ObstacleError, match="week or month"):
        obstacle_report(clean_con, "day")
