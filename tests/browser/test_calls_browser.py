"""Calls page in a real browser, reached by its navigation link on the demo: the core's numbers
on screen, every chart drawn, the grouping and the costs table working."""
import pytest
from playwright.sync_api import Page, expect
from test_app_browser import TIMEOUT, dataframe_with, go_to, grid_rows, open_app

from journey_explorer import formats, workspace
from journey_explorer.views import calls as calls_view

pytestmark = pytest.mark.browser
CHARTS = 11


def metric(page: Page, label: str):
    """The value of the metric labelled exactly so ("Calls", not "First-time calls")."""
    label = page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    return page.get_by_test_id("stMetric").filter(has=label).get_by_test_id("stMetricValue")


def core(demo, by: str):
    con = workspace.connect(demo["path"], read_only=True)
    try:
        return calls_view.calls(con, by)
    finally:
        con.close()


def test_calls_page_draws_the_demo_calls(page: Page, demo, screenshot):
    want = core(demo, "campaign")
    open_app(page)
    go_to(page, "Calls")
    expect(metric(page, "Calls")).to_have_text(f"{want['calls'].sum():,}", timeout=TIMEOUT)
    expect(metric(page, "Answered")).to_have_text(formats.percent(want['answered'].sum() / want['calls'].sum()))
    charts = page.get_by_test_id("stVegaLiteChart")
    expect(charts).to_have_count(CHARTS, timeout=TIMEOUT)
    for i in range(CHARTS):  # drawn, not just placed
        expect(charts.nth(i).locator("canvas, svg").first).to_be_visible(timeout=TIMEOUT)
    grid = dataframe_with(page, "Campaign", "Calls", "Answer rate", "First-time callers")
    expect(grid).to_have_count(1, timeout=TIMEOUT)
    rows = grid_rows(grid)  # the rows the grid has drawn: the first ones
    assert len(rows) >= 5
    assert [r["Campaign"] for r in rows] == want["group"].tolist()[:len(rows)]
    assert [int(r["Calls"].replace(",", "")) for r in rows] == want["calls"].tolist()[:len(rows)]
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "calls", height=4600)

    # Grouped by hour: 24 rows at most, in clock order (UTC on the demo).
    page.get_by_test_id("stSelectbox").filter(has=page.get_by_text("Group by", exact=True)).click()
    page.get_by_role("option", name="Hour of the day", exact=True).click()
    grid = dataframe_with(page, "Hour", "Calls", "Answer rate")
    expect(grid).to_have_count(1, timeout=TIMEOUT)
    by_hour = core(demo, "hour")
    expect(page.get_by_text("How many calls each hour of the day brought")).to_be_visible(timeout=TIMEOUT)
    hours = [r["Hour"] for r in grid_rows(grid)]
    assert len(hours) >= 5 and hours == by_hour["group"].tolist()[:len(hours)]
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_costs_typed_on_the_demo_show_cost_per_call(page: Page, demo):
    want = core(demo, "campaign")
    open_app(page)
    go_to(page, "Calls")
    expect(page.get_by_role("heading", name="Costs")).to_be_visible(timeout=TIMEOUT)
    upload = page.locator(".st-key-calls_costs_csv_0 input[type=file]")
    upload.set_input_files(files=[{"name": "spend.csv", "mimeType": "text/csv",
                                   "buffer": b"period_start,period_end,channel,campaign,cost\n"
                                             b"2020-01-01,2030-12-31,,,1000\n"}])
    expect(page.get_by_text("Loaded 1 cost rows from spend.csv.")).to_be_visible(timeout=TIMEOUT)
    expect(metric(page, "Cost per call")).to_have_text(formats.money(1000 / want['calls'].sum()), timeout=TIMEOUT)
    # the table has its cost columns now (off to the right of the grid), and says how to read them
    expect(page.get_by_text("Value ÷ cost above 1 means the calls brought in more than they cost.",
                            exact=False)).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("stException")).to_have_count(0)
