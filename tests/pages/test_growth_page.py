"""AppTest tests of the Growth page (the page file run directly, see TESTING.md), on the generated
demo-shaped workspace: what it draws and says is checked against the core."""
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from five_days import write as write_five_days
from page_helpers import charts, open_ws, run_linked, run_page

from journey_explorer import ingest, workspace

from journey_explorer.charts import KIND_LABELS
from journey_explorer.filters import Filters
from journey_explorer.ui.state import Workspace
from journey_explorer.views import growth

GROWTH = str(Path(__file__).resolve().parents[2] / "pages" / "growth.py")


@pytest.fixture
def ws(demo_ws):
    return Workspace(key="growth-pages-demo", label="Test workspace", read_only=True, con=demo_ws)




def sentence(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("Interactions grew"))


def expected_sentence(frame, period) -> str:
    start, end = growth.default_periods(frame)
    r = growth.growth_multiple(frame, start, end)
    return (f"Interactions grew **{r.multiple:.1f}×** from {growth.period_label(start, period)} to "
            f"{growth.period_label(end, period)} ({r.start_interactions:,} → {r.end_interactions:,}); "
            f"**{r.fastest}** grew fastest ({r.fastest_multiple:.1f}×).")


def test_growth_draws_the_core_numbers_per_month(ws):
    at = run_page(GROWTH, ws)
    frame = growth.growth(ws.con, "channel", "month")
    drawn = charts(at)
    assert set(drawn) == {"Interactions per month", "Share of interactions per month",
                          "Growth index (first complete period = 100)", "Growth % per month",
                          "Where conversions come from, per month"}
    main = drawn["Interactions per month"]
    assert main["interactions"].tolist() == frame["interactions"].tolist()
    assert main["group"].tolist() == frame["group"].tolist()
    assert drawn["Share of interactions per month"]["share"].tolist() == pytest.approx(frame["share"].tolist())
    assert drawn["Where conversions come from, per month"]["conversions"].tolist() == frame["conversions"].tolist()
    index = drawn["Growth index (first complete period = 100)"]["index"]
    assert index.fillna(-1).tolist() == pytest.approx(frame["index"].fillna(-1).tolist())
    assert sentence(at) == expected_sentence(frame, "month")
    assert not any("yoy_pct" in d.value.columns for d in at.dataframe)   # thousands of rows per day: on request
    at.toggle(key="growth_numbers").set_value(True).run()
    table = next(d.value for d in at.dataframe if "yoy_pct" in d.value.columns)
    assert table["interactions"].tolist() == frame["interactions"].tolist()
    keys = {b.key for b in at.get("download_button")}
    assert {"growth_png", "growth_html", "growth_csv", "growth_share_png", "growth_index_png",
            "growth_rates_csv", "growth_conversions_html"} <= keys
    assert len(at.caption) >= 5 and not at.warning


def test_growth_by_kind_per_year_with_labels_and_customers(ws):
    at = run_page(GROWTH, ws)
    at.selectbox(key="growth_by").set_value("kind").run()
    at.selectbox(key="growth_period").set_value("year").run()
    frame = growth.growth(ws.con, "kind", "year")
    main = charts(at)["Interactions per year"]
    assert set(main["group"]) == {KIND_LABELS[k] for k in frame["group"]}
    assert sentence(at) == expected_sentence(frame.assign(group=frame["group"].replace(KIND_LABELS)), "year")
    assert "from 2023 to 2025" in sentence(at)
    at.segmented_control(key="growth_measure").set_value("customers").run()
    main = charts(at)["Active customers per year"]
    assert main["customers"].tolist() == frame["customers"].tolist()


def test_campaigns_are_folded_and_the_caption_says_so(ws):
    at = run_page(GROWTH, ws)
    at.selectbox(key="growth_by").set_value("campaign").run()
    groups = charts(at)["Interactions per month"]["group"].drop_duplicates().tolist()
    assert len(groups) == growth.TOP + 1 and groups[-1] == "Other"
    assert any(f"The {growth.TOP} biggest campaigns are shown" in c.value for c in at.caption)


def test_year_on_year_heatmap_and_partial_periods(ws):
    dates = (dt.date(2023, 3, 15), dt.date(2025, 6, 10))
    at = run_page(GROWTH, ws, flt_dates=dates)
    at.segmented_control(key="growth_compared_with").set_value("year").run()
    frame = growth.growth(ws.con, "channel", "month", Filters(date_from=dates[0], date_to=dates[1]))
    heat = charts(at)["Growth % per month"]
    assert heat["growth_pct"].fillna(-1e9).tolist() == pytest.approx(frame["yoy_pct"].fillna(-1e9).tolist())
    assert any("Mar 2023 and Jun 2025, which the data covers only in part" in c.value for c in at.caption)
    # the default comparison skips the partial months; choosing one brings a warning
    assert "from Apr 2023 to May 2025" in sentence(at)
    at.selectbox(key="growth_to_month").set_value(pd.Timestamp("2025-06-01")).run()
    assert [w.value for w in at.warning] == [
        "Jun 2025 is only partly in the data, so this comparison understates or overstates growth."]
    at.selectbox(key="growth_from_month").set_value(pd.Timestamp("2023-03-01")).run()
    assert [w.value for w in at.warning] == [     # one warning, however many partial periods
        "Mar 2023 and Jun 2025 are only partly in the data, so this comparison understates or overstates growth."]


def test_no_matching_touchpoints_says_so(ws):
    at = run_page(GROWTH, ws, flt_channels=["No such channel"])
    assert [i.value for i in at.info] == ["No touchpoints match the filters in the sidebar."]
    assert not at.get("vega_lite_chart")


def x_ticks(at, title) -> list:
    spec = next(json.loads(c.proto.spec) for c in at.get("vega_lite_chart") if title in c.proto.spec)
    layer = spec.get("layer", [spec])[0]
    return layer["encoding"]["x"]["axis"]["values"]


@pytest.fixture
def five_days(tmp_path):
    con = workspace.connect(tmp_path / "five.duckdb")
    ingest.load_files(con, write_five_days(tmp_path))
    con.close()
    ws = open_ws(tmp_path / "five.duckdb")
    yield ws
    ws.con.close()


def test_a_few_days_of_data_open_per_day(five_days):
    at = run_page(GROWTH, five_days)
    assert at.selectbox(key="growth_period").value == "day"
    assert x_ticks(at, "Interactions per day") == [{"year": 2025, "month": 3, "date": d, "utc": True} for d in range(10, 15)]
    assert "Growth % per day" in charts(at)                          # colours: days to compare with
    assert sentence(at).startswith("Interactions grew") and "from 10 Mar 2025 to 14 Mar 2025" in sentence(at)
    at.selectbox(key="growth_period").set_value("month").run()
    assert len(x_ticks(at, "Interactions per month")) == 1           # "Mar 2025" once, not fifteen times
    assert "Growth % per month" not in charts(at)                    # nothing whole to compare: said, not grey
    assert any("No two whole months to compare" in i.value for i in at.info)
    assert any("All of the data is in one month" in i.value for i in at.info)
    assert not [m for m in at.markdown if m.value.startswith("Interactions grew")]   # no "1.0× from Mar to Mar"
    assert len(at.warning) <= 1


def test_a_link_opens_the_same_growth_view(ws):
    linked = {"growth_by": "kind", "growth_period": "quarter", "growth_measure": "customers", "growth_stacked": "0",
              "growth_compared_with": "year", "growth_from_quarter": "2023-04-01", "growth_to_quarter": "2024-10-01"}
    at = run_linked(GROWTH, ws, linked)
    assert (at.selectbox(key="growth_by").value, at.selectbox(key="growth_period").value) == ("kind", "quarter")
    assert at.segmented_control(key="growth_measure").value == "customers"
    assert at.toggle(key="growth_stacked").value is False
    assert "Active customers per quarter" in charts(at)
    assert "from 2023-Q2 to 2024-Q4" in sentence(at)
    assert {k: at.query_params[k] for k in linked} == linked


def test_per_day_over_years_the_comparison_charts_draw_months(ws):
    at = run_page(GROWTH, ws)
    at.selectbox(key="growth_period").set_value("day").run()
    drawn = charts(at)
    days = growth.growth(ws.con, "channel", "day")
    months = growth.growth(ws.con, "channel", "month")
    assert set(drawn) == {"Interactions per day", "Share of interactions per month", "Growth % per month",
                          "Growth index (first complete period = 100)", "Where conversions come from, per month"}
    share = drawn["Share of interactions per month"]
    assert (share["high"] - share["low"]).tolist() == pytest.approx(months["share"].tolist())
    heat = drawn["Growth % per month"]
    assert heat["growth_pct"].fillna(-1e9).tolist() == pytest.approx(months["growth_pct"].fillna(-1e9).tolist())
    assert any(f"Per month: {days['period'].nunique():,} days are too many to read here." in c.value for c in at.caption)
    assert "from " in sentence(at)                    # the comparison of two days is still per day
    assert at.selectbox(key="growth_from_day").value in set(days["period"])


def test_a_heatmap_of_many_periods_waits_for_its_toggle(ws):
    dates = (dt.date(2024, 1, 1), dt.date(2024, 3, 10))          # 70 days: drawn per day, 70 × 8 cells
    at = run_page(GROWTH, ws, flt_dates=dates)
    at.selectbox(key="growth_period").set_value("day").run()
    assert "Growth % per day" not in charts(at) and "Share of interactions per day" in charts(at)
    at.toggle(key="growth_heatmap").set_value(True).run()
    days = growth.growth(ws.con, "channel", "day", Filters(date_from=dates[0], date_to=dates[1]))
    heat = charts(at)["Growth % per day"]
    assert heat["growth_pct"].fillna(-1e9).tolist() == pytest.approx(days["growth_pct"].fillna(-1e9).tolist())
    assert at.query_params["growth_heatmap"] == "1"


def test_per_day_the_browser_gets_the_stacks_not_the_work(ws):
    """1,000 days × 8 channels: the main chart gets each band's bottom and top worked out, and
    only the columns an area draws."""
    at = run_page(GROWTH, ws)
    at.selectbox(key="growth_period").set_value("day").run()
    main = charts(at)["Interactions per day"]
    days = growth.growth(ws.con, "channel", "day")
    assert list(main.columns) == ["period", "group", "low", "high"]
    assert (main["high"] - main["low"]).tolist() == pytest.approx(days["interactions"].tolist())
    tops = main.groupby("period")["high"].max().to_numpy()
    assert tops == pytest.approx(days.groupby("period", sort=True)["interactions"].sum().to_numpy())
    first = main[main["period"] == main["period"].iloc[0]]         # biggest group first, at the bottom
    assert first["low"].iloc[0] == 0 and (first["low"].iloc[1:].to_numpy() == first["high"].iloc[:-1].to_numpy()).all()
    spec = next(json.loads(c.proto.spec) for c in at.get("vega_lite_chart") if "Interactions per day" in c.proto.spec)
    assert "transform" not in spec                    # no stacking left for the browser
