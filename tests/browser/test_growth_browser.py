"""Growth page in a real browser: the charts are drawn, the growth sentence follows the period, and
a copied link opens the same view in a fresh session."""
import re

import pytest
from playwright.sync_api import Page, expect
from test_app_browser import TIMEOUT, go_to, open_app

from journey_explorer import workspace
from journey_explorer.views import growth

pytestmark = pytest.mark.browser


def selectbox(page: Page, label: str):
    return page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True))


def expected_sentence(demo, period: str, by: str = "channel") -> str:
    """What the page should say by default, from the core on the same demo workspace."""
    con = workspace.connect(demo["path"], read_only=True)
    try:
        frame = growth.growth(con, by, period)
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
    # three years of data open per month, the period that fits them
    expect(selectbox(page, "Per").get_by_role("combobox")).to_have_value("Month")
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


def test_a_copied_link_opens_the_same_growth_view(page: Page, browser, browser_context_args, demo):
    open_app(page)
    go_to(page, "Growth")
    selectbox(page, "Group by").click()
    page.get_by_role("option", name="Kind", exact=True).click()
    selectbox(page, "Per").click()
    page.get_by_role("option", name="Quarter", exact=True).click()
    page.get_by_test_id("stButtonGroup").get_by_text("Active customers", exact=True).click()
    expect(page.get_by_text(re.compile(r"^Customers with at least one interaction per quarter and kind"))
           ).to_be_visible(timeout=TIMEOUT)
    sentence = page.get_by_text(re.compile(r"^Interactions grew"))
    overall = expected_sentence(demo, "quarter", "kind").split(";")[0]   # kinds are named Calls, Web… on screen
    expect(sentence).to_contain_text(overall, timeout=TIMEOUT)
    expect(page).to_have_url(re.compile(r"growth_measure=customers"), timeout=TIMEOUT)
    expect(page).to_have_url(re.compile(r"growth_period=quarter"))
    link, shown = page.url, sentence.inner_text()

    fresh = browser.new_context(**browser_context_args)
    try:
        other = fresh.new_page()
        other.goto(link)
        expect(other.get_by_role("heading", name="Growth", level=1)).to_be_visible(timeout=TIMEOUT)
        expect(selectbox(other, "Group by").get_by_role("combobox")).to_have_value("Kind", timeout=TIMEOUT)
        expect(selectbox(other, "Per").get_by_role("combobox")).to_have_value("Quarter")
        expect(other.get_by_text(re.compile(r"^Customers with at least one interaction per quarter and kind"))
               ).to_be_visible(timeout=TIMEOUT)
        expect(other.get_by_text(re.compile(r"^Interactions grew"))).to_have_text(shown, timeout=TIMEOUT)
    finally:
        fresh.close()
