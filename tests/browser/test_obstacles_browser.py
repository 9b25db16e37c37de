"""Obstacles page in a real browser: on the demo it shows the broken mobile checkout; on shop
data with planted obstacles, uploaded as a user would, each finding is drawn and its link opens
the Journeys page filtered to it."""
import re

import pytest
from playwright.sync_api import Page, expect
from shop_journeys import HEADER, MOBILE, shop_events
from test_app_browser import TIMEOUT, go_to, open_app

pytestmark = pytest.mark.browser


def shop_csv(**planted) -> bytes:
    lines = [",".join(HEADER)] + [",".join(map(str, row)) for row in shop_events(31, **planted)]
    return ("\n".join(lines) + "\n").encode()


def test_the_demo_shows_its_broken_mobile_checkout(page: Page, demo, screenshot):
    open_app(page)
    go_to(page, "Obstacles")
    expect(page.get_by_text(re.compile(r"^\d+ obstacles? found"))).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text(re.compile(r"^In November 2025, \d+% of customers on mobile at begin_checkout"))
           ).to_be_visible(timeout=TIMEOUT)
    page.get_by_test_id("stButtonGroup").get_by_text("Week by week").click()
    expect(page.get_by_text(re.compile(r"^From 3 Nov to 30 Nov 2025, \d+% of customers on mobile at begin_checkout"))
           ).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "obstacles_demo")


def test_planted_obstacles_are_drawn_and_link_to_their_journeys(page: Page, demo, screenshot):
    open_app(page)
    go_to(page, "Data")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "shop_events.csv", "mimeType": "text/csv", "buffer": shop_csv(drop=True, loop=True, error=True)}])
    load = page.get_by_role("button", name="Load 1 file")
    expect(load).to_be_enabled(timeout=TIMEOUT)
    load.click()
    expect(page.get_by_text("Loaded. The workspace now has")).to_be_visible(timeout=60_000)

    go_to(page, "Obstacles")
    expect(page.get_by_text(re.compile(r"^3 obstacles found"))).to_be_visible(timeout=TIMEOUT)
    charts = page.get_by_test_id("stVegaLiteChart")
    expect(charts).to_have_count(3, timeout=TIMEOUT)
    for i in range(3):
        expect(charts.nth(i).locator("canvas, svg").first).to_be_visible(timeout=TIMEOUT)
    drop = page.get_by_text(re.compile(r"of customers on mobile at payment went on to purchase"))
    expect(drop).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "obstacles", height=1250)

    # The drop's link: the Journeys page of mobile customers in those weeks, in a new tab.
    link = page.locator("a[href*='customers=first.attrs.device%3Dmobile']")
    expect(link).to_have_count(1)
    expect(link).to_have_text(re.compile("See these journeys"))
    with page.context.expect_page() as opened:
        link.click()
    journeys = opened.value
    expect(journeys.get_by_role("heading", name="Journeys", level=1)).to_be_visible(timeout=TIMEOUT)
    expect(journeys).to_have_url(re.compile(r"ws=[A-Za-z0-9_-]{16,}"))
    sidebar = journeys.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("textbox", name="Customers who")).to_have_value(MOBILE, timeout=TIMEOUT)
    expect(sidebar.get_by_text("Your workspace")).to_be_visible()
    expect(journeys.get_by_test_id("stException")).to_have_count(0)
    journeys.close()
