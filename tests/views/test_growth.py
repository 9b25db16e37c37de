"""The growth view against the pandas brute force in growth_brute_force.py.

Small hand-made months pin the edges (gaps, year-earlier periods, Monday weeks, partial periods,
Other) with numbers worked out by hand; the demo data compares whole frames at realistic scale."""
import datetime as dt
import math

import pandas as pd
import pytest
from growth_brute_force import COLUMNS, bf_growth, same
from helpers import write_csv

from journey_explorer import cli, ingest
from journey_explorer.filters import parse_filters
from journey_explorer.ingest.layouts import Mapping
from journey_explorer.views import growth

# user, event, timestamp, campaign. The data covers 1 Jan 2023 – 31 Mar 2024: every month and
# quarter is complete, 2024 is not. 3 Mar 2024 is a Sunday, 4 Mar a Monday.
ROWS = [
    ("u1", "page_view", "2023-01-01 09:00:00", "spring"),
    ("u1", "page_view", "2023-01-20 09:00:00", "spring"),
    ("u2", "page_view", "2023-06-10 10:00:00", "summer"),
    ("u3", "page_view", "2024-01-05 10:00:00", "spring"),
    ("u3", "purchase", "2024-01-05 10:05:00", "spring"),
    ("u1", "page_view", "2024-01-07 11:00:00", "spring"),
    ("u4", "page_view", "2024-01-08 11:00:00", "summer"),
    ("u2", "page_view", "2024-03-03 12:00:00", "summer"),
    ("u2", "page_view", "2024-03-04 12:00:00", "summer"),
    ("u5", "page_view", "2024-03-31 18:00:00", "autumn"),
    ("u6", "page_view", "2024-03-31 19:00:00", "autumn"),
    ("u6", "page_view", "2024-03-31 19:30:00", "summer"),
]


@pytest.fixture
def small(con, tmp_path):
    path = write_csv(tmp_path / "events.csv", ["user_id", "event", "ts", "campaign"], [list(r) for r in ROWS])
    mapping = Mapping("Event log", "web", {"user_id": "user_id", "event": "event", "timestamp": "ts",
                                           "campaign": "campaign"})
    ingest.load_files(con, [path], mappings={str(path): mapping})
    return con


def cell(frame, period, group):
    row = frame[(pd.to_datetime(frame["period"]) == pd.Timestamp(period)) & (frame["group"] == group)]
    assert len(row) == 1, (period, group)
    return row.iloc[0]


def test_a_gap_counts_as_zero_and_growth_from_zero_is_empty(small):
    frame = growth.growth(small, "campaign", "month")
    same(frame, bf_growth(small, "campaign", "month"))
    assert len(frame) == 15 * 3  # Jan 2023 – Mar 2024, every campaign in every month
    assert cell(frame, "2023-02-01", "spring")["interactions"] == 0
    assert cell(frame, "2023-02-01", "spring")["growth_pct"] == -100
    assert math.isnan(cell(frame, "2023-03-01", "spring")["growth_pct"])     # from 0: not infinite
    jan = cell(frame, "2024-01-01", "spring")
    assert (jan["interactions"], jan["customers"], jan["conversions"]) == (3, 2, 1)
    assert math.isnan(jan["growth_pct"])                                      # December had none
    assert jan["yoy_pct"] == pytest.approx(50.0)                              # 2 → 3
    assert jan["index"] == pytest.approx(150.0)                               # base: Jan 2023 = 2
    assert jan["share"] == pytest.approx(3 / 4)
    assert cell(frame, "2024-01-01", "summer")["index"] == pytest.approx(100.0)   # base: Jun 2023 = 1
    assert cell(frame, "2023-01-01", "summer")["index"] == 0                 # before its base month
    assert frame["complete"].all()


def test_year_and_quarter_periods_and_partial_years(small):
    years = growth.growth(small, "campaign", "year")
    same(years, bf_growth(small, "campaign", "year"))
    assert years.drop_duplicates("period")["complete"].tolist() == [True, False]   # data ends 31 Mar 2024
    assert cell(years, "2024-01-01", "summer")["growth_pct"] == pytest.approx(300.0)   # 1 → 4
    assert cell(years, "2024-01-01", "summer")["yoy_pct"] == pytest.approx(300.0)
    quarters = growth.growth(small, "campaign", "quarter")
    same(quarters, bf_growth(small, "campaign", "quarter"))
    assert quarters["complete"].all() and quarters["period"].nunique() == 5
    assert growth.period_labels(quarters["period"].drop_duplicates(), "quarter").tolist() == \
        ["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1"]


def test_weeks_start_on_monday_and_the_end_weeks_are_partial(small):
    weeks = growth.growth(small, "campaign", "week")
    same(weeks, bf_growth(small, "campaign", "week"))
    assert cell(weeks, "2024-02-26", "summer")["interactions"] == 1     # Sunday 3 Mar
    assert cell(weeks, "2024-03-04", "summer")["interactions"] == 1     # Monday 4 Mar
    starts = pd.to_datetime(weeks["period"].drop_duplicates())
    assert (starts.dt.day_of_week == 0).all()
    partial = weeks.loc[~weeks["complete"], "period"].drop_duplicates()
    # 1 Jan 2023 is a Sunday (its week began 26 Dec 2022); 31 Mar 2024 is also a Sunday, so the
    # last week is whole.
    assert pd.to_datetime(partial).tolist() == [pd.Timestamp("2022-12-26")]
    assert math.isnan(cell(weeks, "2023-01-02", "spring")["yoy_pct"])


def test_other_counts_distinct_customers(small):
    frame = growth.growth(small, "campaign", "month", top=1)
    same(frame, bf_growth(small, "campaign", "month", top=1))
    assert set(frame["group"]) == {"spring", "Other"}   # spring and summer tie at 5: by name
    # March 2024: summer u2, u2, u6 and autumn u5, u6 → 5 interactions of 3 customers, not 2 + 2
    march = cell(frame, "2024-03-01", "Other")
    assert (march["interactions"], march["customers"]) == (5, 3)
    # one group left over keeps its name: an Other of one group would only hide it
    unfolded = growth.growth(small, "campaign", "month", top=2)
    same(unfolded, bf_growth(small, "campaign", "month", top=2))
    assert set(unfolded["group"]) == {"spring", "summer", "autumn"}


def test_filter_dates_make_partial_periods_and_move_the_index_base(small):
    filters = parse_filters(date_from="2023-01-15", date_to="2024-01-06")
    frame = growth.growth(small, "campaign", "month", filters)
    same(frame, bf_growth(small, "campaign", "month", filters))
    periods = frame.drop_duplicates("period")
    assert periods.loc[~periods["complete"], "period"].astype(str).tolist() == ["2023-01-01", "2024-01-01"]
    # spring's base is its first complete month with interactions: none, so its first with any
    assert cell(frame, "2023-01-01", "spring")["index"] == 100
    # a channel filter leaves the covered days alone: January 2023 stays complete
    calls = growth.growth(small, "campaign", "month", parse_filters(["campaign=summer"]))
    assert cell(calls, "2023-01-01", "summer")["complete"]


@pytest.mark.parametrize("by", growth.GROUPINGS)
@pytest.mark.parametrize("period", growth.PERIODS)
def test_growth_matches_brute_force_at_scale(demo_ws, by, period):
    same(growth.growth(demo_ws, by, period), bf_growth(demo_ws, by, period))


@pytest.mark.parametrize("period", ["week", "month", "day"])
def test_growth_with_filters_matches_brute_force(demo_ws, period):
    filters = parse_filters(["kind=web", "attrs.device=mobile"], "2023-03-15", "2025-02-10")
    frame = growth.growth(demo_ws, "channel", period, filters)
    same(frame, bf_growth(demo_ws, "channel", period, filters))
    ends = frame.drop_duplicates("period")["complete"].iloc[[0, -1]].tolist()
    assert ends == ([True, True] if period == "day" else [False, False])   # 15 Mar … 10 Feb


def test_growth_multiple_against_the_touchpoints(demo_ws):
    from journey_explorer.views import tables
    frame = growth.growth(demo_ws, "channel", "year")
    start, end = growth.default_periods(frame)
    assert (start.year, end.year) == (2023, 2025)   # the demo covers whole years
    result = growth.growth_multiple(frame, start, end)
    tp = tables.touchpoints(demo_ws)
    years = tp["ts"].dt.year
    per_channel = tp.groupby([years, "channel"]).size()
    assert (result.start_interactions, result.end_interactions) == ((years == 2023).sum(), (years == 2025).sum())
    assert result.multiple == pytest.approx((years == 2025).sum() / (years == 2023).sum())
    multiples = (per_channel[2025] / per_channel[2023]).sort_values(ascending=False)
    assert result.fastest == multiples.index[0]
    assert result.fastest_multiple == pytest.approx(multiples.iloc[0])
    assert result.start_complete and result.end_complete
    assert dict(zip(result.by_group["group"], result.by_group["multiple"])) == pytest.approx(multiples.to_dict())


def test_growth_multiple_flags_partial_periods_and_skips_other(small):
    frame = growth.growth(small, "campaign", "year", top=1)
    assert growth.default_periods(frame) == (pd.Timestamp("2023-01-01"), pd.Timestamp("2024-01-01"))
    result = growth.growth_multiple(frame, "2023-01-01", "2024-01-01")
    assert result.start_complete and not result.end_complete       # 2024 ends in March
    assert (result.start_interactions, result.end_interactions) == (3, 9)
    multiples = result.by_group.set_index("group")["multiple"]
    assert multiples.to_dict() == {"spring": 1.5, "Other": 6.0}
    assert (result.fastest, result.fastest_multiple) == ("spring", 1.5)   # Other grew more but is no group
    empty_start = growth.growth(small, "campaign", "month")
    spring = growth.growth_multiple(empty_start, "2023-06-01", "2024-01-01")
    assert spring.fastest == "summer"   # spring and autumn had nothing in June 2023: no multiple
    multiples = spring.by_group.set_index("group")["multiple"]
    assert multiples["summer"] == 1 and multiples[["spring", "autumn"]].isna().all()
    with pytest.raises(growth.GrowthError):
        growth.growth_multiple(frame, "2019-01-01", "2024-01-01")


def test_growth_rates_mark_comparisons_with_partial_periods(small):
    weeks = growth.growth(small, "campaign", "week")
    rates = growth.growth_rates(weeks, "week", "previous")
    assert rates["growth_pct"].equals(weeks["growth_pct"])
    second = pd.Timestamp("2023-01-02")           # compared with the partial first week
    assert not rates.loc[rates["period"] == second, "like_for_like"].any()
    assert rates.loc[rates["period"] > second, "like_for_like"].all()
    yearly = growth.growth_rates(weeks, "week", "year")
    assert yearly["growth_pct"].equals(weeks["yoy_pct"])
    # 52 weeks after the partial first week is the week of 25 Dec 2023
    assert not yearly.loc[yearly["period"] == pd.Timestamp("2023-12-25"), "like_for_like"].any()
    assert yearly.loc[yearly["period"] == pd.Timestamp("2024-01-01"), "like_for_like"].all()


def test_options_are_checked_with_plain_messages(small):
    with pytest.raises(growth.GrowthError, match='Did you mean "channel"'):
        growth.growth(small, "chanel")
    with pytest.raises(growth.GrowthError, match="use one of day, week, month, quarter, year"):
        growth.growth(small, "channel", "fortnight")


def test_empty_workspace_and_empty_dates(con, small):
    assert list(growth.growth(small, filters=parse_filters(date_from="2030-01-01")).columns) == COLUMNS
    assert growth.growth(small, filters=parse_filters(date_from="2030-01-01")).empty


def test_period_labels():
    days = pd.Series(pd.to_datetime(["2024-03-04", "2024-12-30"]))
    assert growth.period_labels(days, "day").tolist() == ["4 Mar 2024", "30 Dec 2024"]
    assert growth.period_labels(days, "week").tolist() == ["week of 4 Mar 2024", "week of 30 Dec 2024"]
    assert growth.period_labels(days, "month").tolist() == ["Mar 2024", "Dec 2024"]
    assert growth.period_labels(days, "year").tolist() == ["2024", "2024"]


def test_cli_export_growth(small, tmp_path, capsys):
    small.close()  # the CLI opens the workspace file itself
    path = str(tmp_path / "workspace.duckdb")
    out = tmp_path / "growth.csv"
    assert cli.main(["export", "growth", "--db", path, "--by", "campaign", "--period", "quarter", "--out", str(out)]) == 0
    written = pd.read_csv(out)
    assert list(written.columns) == COLUMNS
    assert written["period"].drop_duplicates().tolist() == ["2023-01-01", "2023-04-01", "2023-07-01",
                                                            "2023-10-01", "2024-01-01"]
    assert cli.main(["export", "growth", "--db", path, "--by", "stage"]) == 2
    assert "is not something growth can be grouped by" in capsys.readouterr().err


def test_the_period_that_fits_the_span():
    day = dt.date(2025, 3, 10)
    spans = {5: "day", 45: "day", 46: "week", 190: "week", 400: "month", 1096: "month", 2000: "quarter", 9000: "year"}
    for days, period in spans.items():
        assert growth.fitting_period(day, day + dt.timedelta(days=days - 1)) == period, days
    assert growth.fitting_period(None, None) == "month"


def test_the_comparison_charts_step_up_when_periods_are_too_many():
    first, three_years = dt.date(2023, 1, 1), dt.date(2025, 12, 31)
    assert growth.chart_period("day", first, three_years) == "month"       # 1,096 days, 157 weeks → 36 months
    assert growth.chart_period("week", first, three_years) == "month"
    assert growth.chart_period("month", first, three_years) == "month"
    assert growth.chart_period("day", first, dt.date(2023, 3, 21)) == "day"     # 80 days
    assert growth.chart_period("day", first, dt.date(2023, 3, 22)) == "week"    # 81 days → 12 weeks
    assert growth.chart_period("week", first, dt.date(2024, 6, 30)) == "week"   # 78 weeks
    assert growth.chart_period("day", first, dt.date(2045, 1, 1)) == "year"     # 89 quarters
    assert growth.chart_period("day", None, None) == "day"
