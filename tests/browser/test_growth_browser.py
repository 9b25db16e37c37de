"""Growth page in a real browser: the charts are drawn and the growth sentence follows the period."""
import re

import pytest
from playwright.sync_api import Page, expect
from test_app_browser import TIMEOUT, go_to, open_app

from journey_explorer import workspace
from journey_explorer.views import growth

pytestmark = pytest.mark.browser


def selectbox(page: Page, label: str):
    return page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True))


def expected_sentence(demo, period: str) -> str:
    """What the page should say by default, from the core on the same demo workspace."""
    con = workspace.connect(demo["path"], read_only=True)
    try:
        frame = growth.growth(con, "channel", period)
    finally:
        con.close()
    start, end = growth.default_periods(frame)
    result = growth.growth_multiple(frame, start, end)
    return (f"Interactions grew {result.multiple:.1f}× from {growth.period_label(start, period)} to "
            f"{growth.period_label(end, period)} ({result.start_interactions:,} → {result.end_interactions:,}); "
            f"{result.fastest} grew fastest ({result.fastest_multiple:.1f}×).")


def test_growth_page_draws_and_follows_the_period(page: Page, demo, screenshot):
    open_app(page)
    go_to(page, "Growth")
    charts = page.get_by_test_id("stVegaLiteChart")
    expect(charts).to_have_count(5, timeout=TIMEOUT)
    for i in range(5):  # drawn, not just placed
        expect(charts.nth(i).locator("canvas, svg").first).to_be_visible(timeout=TIMEOUT)
    sentence = page.get_by_text(re.compile(r"^Interactions grew"))
    expect(sentence).to_have_text(expected_sentence(demo, "month"), timeout=TIMEOUT)

    selectbox(page, "Per").click()
    page.get_by_role("option", name="Year", exact=True).click()
    expect(sentence).to_have_text(expected_sentence(demo, "year"), timeout=TIMEOUT)
    for label, year in (("From", "2023"), ("To", "2025")):  # the first and last complete year
        box = page.get_by_role("combobox", name=label)
        expect(box).to_have_count(1, timeout=TIMEOUT)  # the month's box is gone
        expect(box).to_have_value(year)

    # Weeks: the demo starts on a Sunday and ends on a Wednesday, so both end weeks are partial.
    selectbox(page, "Per").click()
    page.get_by_role("option", name="Week", exact=True).click()
    expect(page.get_by_text(re.compile(r"Lighter bars and hollow dots: week of 26 Dec 2022 and week of "
                                       r"29 Dec 2025"))).to_be_visible(timeout=TIMEOUT)
    expect(charts).to_have_count(5)
    expect(page.get_by_test_id("stException")).to_have_count(0)

    selectbox(page, "Per").click()
    page.get_by_role("option", name="Quarter", exact=True).click()
    expect(sentence).to_have_text(expected_sentence(demo, "quarter"), timeout=TIMEOUT)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "growth", height=1850)
