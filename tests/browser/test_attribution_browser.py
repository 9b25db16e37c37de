"""Attribution page in a real browser: reached from the navigation, the chart drawn, the caption and
the table the core's, and the grouping follows the picker."""
import re

import pytest
from playwright.sync_api import Page, expect
from test_app_browser import TIMEOUT, dataframe_with, go_to, grid_rows, open_app

from journey_explorer import workspace
from journey_explorer.views import attribution as A

pytestmark = pytest.mark.browser


def summary(demo, by: str = "channel") -> A.Summary:
    con = workspace.connect(demo["path"], read_only=True)
    try:
        return A.summarise(con, A.MODELS, by)
    finally:
        con.close()


def test_attribution_page_compares_the_models(page: Page, demo, screenshot):
    open_app(page)
    go_to(page, "Attribution")
    expected = summary(demo)
    chart = page.get_by_test_id("stVegaLiteChart")
    expect(chart).to_have_count(1, timeout=TIMEOUT)
    expect(chart.locator("canvas, svg").first).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text(expected.caption, exact=True)).to_be_visible(timeout=TIMEOUT)
    assert "closed on a call" in expected.caption

    table = dataframe_with(page, "Channel", "First touch", "Data-driven (Markov)", "Data-driven (Shapley)")
    expect(table).to_have_count(1, timeout=TIMEOUT)
    expect(table.locator("td[role=gridcell]").first).to_be_attached(timeout=TIMEOUT)
    rows = grid_rows(table)
    wide = A.wide(expected.credits, "channel")
    assert [r["Channel"] for r in rows] == wide["channel"].tolist()
    last = [float(r["Last touch"].replace(",", "")) for r in rows]
    assert last == pytest.approx(wide["Last touch"].round(1).tolist(), abs=0.051)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "attribution", height=1400)

    page.get_by_test_id("stSelectbox").filter(has=page.get_by_text("Credit goes to", exact=True)).click()
    page.get_by_role("option", name="Campaign", exact=True).click()
    expect(page.get_by_text(re.compile(r"The 12 campaigns with the most credit are shown"))).to_be_visible(
        timeout=TIMEOUT)
    expect(page.get_by_text(summary(demo, "campaign").caption.split(" The 12")[0].split(". ")[0],
                            exact=False).first).to_be_visible(timeout=TIMEOUT)
    expect(dataframe_with(page, "Campaign", "Last touch")).to_have_count(1, timeout=TIMEOUT)
    expect(page.get_by_test_id("stException")).to_have_count(0)
