"""Segments page in a real browser: the demo's comparison, a condition added with the builder, and
the page address reopening the same segments in a new session."""
import re

import pytest
from playwright.sync_api import Page, expect
from test_app_browser import TIMEOUT, go_to, open_app

from journey_explorer import workspace
from journey_explorer.views import segments

pytestmark = pytest.mark.browser

CALLED, NEVER = ["kind=call"], ["kind!=call"]
PAID_FIRST = ["kind!=call", "first.channel=Paid Search"]


def core_customers(demo, *definitions) -> list[str]:
    """Customers per segment as the page writes them, computed by the core on the demo data."""
    con = workspace.connect(demo["path"], read_only=True)
    try:
        result = segments.compare(con, [segments.segment(d, f"S{i}") for i, d in enumerate(definitions)])
    finally:
        con.close()
    return [f"{n:,}" for n in result["customers"]]


def most_common_channel(demo) -> str:
    con = workspace.connect(demo["path"], read_only=True)
    try:
        return segments.field_values(con, "channel")[0]
    finally:
        con.close()


def customers(page: Page):
    label = page.get_by_test_id("stMetricLabel").filter(has_text=re.compile(r"^Customers$"))
    return page.get_by_test_id("stMetric").filter(has=label).get_by_test_id("stMetricValue")


def pick(page: Page, container, label: str, option: str) -> None:
    container.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True)).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_segments_compare_build_and_reopen_from_the_link(page: Page, browser, browser_context_args, demo, screenshot):
    open_app(page)
    go_to(page, "Segments")
    expect(customers(page)).to_have_text(core_customers(demo, CALLED, NEVER), timeout=TIMEOUT)
    expect(page.get_by_text("Against Called us: likely a real difference")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(2, timeout=TIMEOUT)   # stages, differences
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "segments", height=1750)

    # Narrow "Never called" to those whose first touchpoint came from Paid Search.
    page.get_by_role("button", name="Add a condition").nth(1).click()
    builder = page.get_by_test_id("stPopoverBody")
    pick(page, builder, "Field", "Channel")
    # The value list is redrawn for channels (most common first) before a value is picked from it.
    value = builder.get_by_test_id("stSelectbox").filter(has=page.get_by_text("Value", exact=True))
    expect(value.get_by_role("combobox")).to_have_value(most_common_channel(demo), timeout=TIMEOUT)
    builder.get_by_text("on their first touchpoint").click()
    expect(builder.get_by_role("radio", name="on their first touchpoint")).to_be_checked(timeout=TIMEOUT)
    pick(page, builder, "Value", "Paid Search")
    builder.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text("First came through Paid Search")).to_be_visible(timeout=TIMEOUT)
    narrowed = core_customers(demo, CALLED, PAID_FIRST)
    expect(customers(page)).to_have_text(narrowed, timeout=TIMEOUT)

    # A third segment (everyone, until it gets conditions); a visit to another page keeps all three.
    page.get_by_test_id("stRadio").filter(has_text="How many segments").get_by_text("3", exact=True).click()
    three = core_customers(demo, CALLED, PAID_FIRST, [])
    expect(customers(page)).to_have_text(three, timeout=TIMEOUT)
    go_to(page, "Overview")
    go_to(page, "Segments")
    expect(customers(page)).to_have_text(three, timeout=TIMEOUT)

    # The page's own settings travel too: the journeys per segment shown by stage.
    box = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text("Show steps as", exact=True))
    box.scroll_into_view_if_needed()
    box.click()
    page.get_by_role("option", name="Stage", exact=True).click()
    expect(page).to_have_url(re.compile(r"segments_paths_by=stage"), timeout=TIMEOUT)

    # The address carries the segments: a colleague's browser opened on it shows the same comparison.
    expect(page).to_have_url(re.compile(r"segments=.*first\.channel%3DPaid\+Search"), timeout=TIMEOUT)
    link = page.url
    fresh = browser.new_context(**browser_context_args)
    try:
        other = fresh.new_page()
        other.goto(link)
        expect(other.get_by_role("heading", name="Segments", level=1)).to_be_visible(timeout=TIMEOUT)
        expect(customers(other)).to_have_text(three, timeout=TIMEOUT)
        expect(other.get_by_text("First came through Paid Search")).to_be_visible(timeout=TIMEOUT)
        expect(other.get_by_test_id("stSelectbox").filter(has=other.get_by_text("Show steps as", exact=True))
               .get_by_role("combobox")).to_have_value("Stage")
    finally:
        fresh.close()
