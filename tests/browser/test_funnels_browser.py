"""Funnels page in a real browser: picked steps give the core's counts, chart and table."""
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from test_app_browser import TIMEOUT, go_to, open_app

from journey_explorer import workspace
from journey_explorer.views import funnels

pytestmark = pytest.mark.browser

STEPS = ["page_view /pricing", "add_to_cart", "begin_checkout", "purchase"]


def test_funnel_for_picked_steps(page: Page, demo, screenshot):
    con = workspace.connect(demo["path"], read_only=True)
    try:
        expected = funnels.funnel(con, STEPS, 7 * 86400)
    finally:
        con.close()
    open_app(page)
    go_to(page, "Funnels")
    expect(page.get_by_text("Pick at least two steps")).to_be_visible(timeout=TIMEOUT)
    picker = page.get_by_test_id("stMultiSelect").filter(has=page.get_by_text("Steps, in order", exact=True))
    for k, step in enumerate(STEPS):
        picker.locator("input").click()  # not the middle of the box, where the chips are
        page.keyboard.type(step)  # the list shows the most common nodes first; typing finds any
        page.get_by_role("option", name=step, exact=True).click()
        page.keyboard.press("Escape")
        if k:  # the page has redrawn for these steps before the next is picked
            expect(page.get_by_text(f"went on to “{step}”")).to_be_visible(timeout=TIMEOUT)
            expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=TIMEOUT)

    first, last = expected["customers"].iloc[0], expected["customers"].iloc[-1]
    assert first > last > 0
    caption = page.get_by_text(f"Of {first:,} customers who reached “{STEPS[0]}”, {last:,} went on to")
    expect(caption).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("What did the drop-offs do next?")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "funnels", height=1400)

    # The chart's PNG is rendered on the server when asked for, and arrives as a real image.
    with page.expect_download(timeout=TIMEOUT) as download:
        page.locator(".st-key-funnel_png button").click()
    assert download.value.suggested_filename == "funnel.png"
    assert Path(download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
