"""Funnels page in a real browser: it opens on a funnel, picked steps give the core's counts, and a
copied link opens the same funnel in a fresh session."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from test_app_browser import TIMEOUT, go_to, open_app

from journey_explorer import names, workspace
from journey_explorer.views import funnels

pytestmark = pytest.mark.browser

STEPS = ["page_view /pricing", "add_to_cart", "begin_checkout", "purchase"]


def core(demo, fn, *args):
    con = workspace.connect(demo["path"], read_only=True)
    try:
        return fn(con, *args)
    finally:
        con.close()


def caption(page: Page, result) -> object:
    first, last = result["customers"].iloc[0], result["customers"].iloc[-1]
    return page.get_by_text(f"Of {first:,} customers who reached “{names.readable(result['name'].iloc[0])}”, "
                            f"{last:,} went on to")


def test_funnel_opens_on_a_funnel_then_follows_picked_steps(page: Page, demo, screenshot):
    opening = core(demo, funnels.default_steps)
    open_app(page)
    go_to(page, "Funnels")
    expect(caption(page, core(demo, funnels.funnel, opening, 7 * 86400))).to_be_visible(timeout=TIMEOUT)
    picker = page.get_by_test_id("stMultiSelect").filter(has=page.get_by_text("Steps, in order", exact=True))
    picker.get_by_role("button", name=re.compile("Clear all")).click()
    expect(page.get_by_text("Pick at least two steps")).to_be_visible(timeout=TIMEOUT)
    for k, step in enumerate(STEPS):
        picker.locator("input").click()  # not the middle of the box, where the chips are
        page.keyboard.type(names.readable(step))  # the list shows the most common first; typing finds any
        page.get_by_role("option", name=names.readable(step), exact=True).click()
        page.keyboard.press("Escape")
        if k:  # the page has redrawn for these steps before the next is picked
            expect(page.get_by_text(f"went on to “{names.readable(step)}”")).to_be_visible(timeout=TIMEOUT)
            expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=TIMEOUT)

    expected = core(demo, funnels.funnel, STEPS, 7 * 86400)
    assert expected["customers"].iloc[0] > expected["customers"].iloc[-1] > 0
    expect(caption(page, expected)).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("What did the drop-offs do next?")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "funnels", height=1400)

    # The chart's PNG is rendered on the server when asked for, and arrives as a real image.
    with page.expect_download(timeout=TIMEOUT) as download:
        page.locator(".st-key-funnel_png button").click()
    assert download.value.suggested_filename == "funnel.png"
    assert Path(download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_copied_link_opens_the_same_funnel(page: Page, browser, browser_context_args, demo):
    open_app(page)
    go_to(page, "Funnels")
    within = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text("Within", exact=True))
    within.click()
    page.get_by_role("option", name="1 day", exact=True).click()
    picker = page.get_by_test_id("stMultiSelect").filter(has=page.get_by_text("Steps, in order", exact=True))
    picker.get_by_role("button", name=re.compile("Clear all")).click()
    for step in STEPS[:2]:
        picker.locator("input").click()
        page.keyboard.type(names.readable(step))
        page.get_by_role("option", name=names.readable(step), exact=True).click()
        page.keyboard.press("Escape")
    expected = core(demo, funnels.funnel, STEPS[:2], 86400)
    expect(caption(page, expected)).to_be_visible(timeout=TIMEOUT)
    expect(page).to_have_url(re.compile(r"funnel_window=1\+day"), timeout=TIMEOUT)
    link = page.url

    fresh = browser.new_context(**browser_context_args)
    try:
        other = fresh.new_page()
        other.goto(link)
        expect(caption(other, expected)).to_be_visible(timeout=TIMEOUT)
        expect(other.get_by_test_id("stSelectbox").filter(has=other.get_by_text("Within", exact=True))
               .get_by_role("combobox")).to_have_value("1 day")
        chips = other.get_by_test_id("stMultiSelect").filter(has=other.get_by_text("Steps, in order", exact=True))
        for step in STEPS[:2]:
            expect(chips.get_by_text(names.readable(step), exact=True)).to_be_visible()
    finally:
        fresh.close()
