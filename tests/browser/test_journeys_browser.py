"""Journeys page in a real browser: the Sankey is drawn and redraws for new choices."""
import re

import pytest
from playwright.sync_api import Page, expect
from test_app_browser import TIMEOUT, go_to, open_app

from journey_explorer import workspace
from journey_explorer.views import flows

pytestmark = pytest.mark.browser


def selectbox(page: Page, label: str):
    return page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True))


def expected_nodes(demo, **options) -> int:
    """Nodes the page should draw: one per (step, name) of the core's links, same options as the page."""
    con = workspace.connect(demo["path"], read_only=True)
    try:
        names = flows.node_counts(con, groups=flows.DEFAULT_GROUPS)["node"].tolist()
        exclude = flows.technical_in(names)
        links = flows.sankey_links(con, top=8, exclude=exclude, groups=flows.DEFAULT_GROUPS, **options)
    finally:
        con.close()
    return len(set(zip(links["step"], links["source"])) | set(zip(links["step"] + 1, links["target"])))


def test_sankey_redraws_for_depth_and_start_node(page: Page, demo, screenshot):
    open_app(page)
    go_to(page, "Journeys")
    chart = page.locator(".js-plotly-plot g.sankey")
    expect(chart).to_be_visible(timeout=TIMEOUT)
    nodes = page.locator(".sankey-node")
    expect(nodes).to_have_count(expected_nodes(demo, depth=5), timeout=TIMEOUT)
    caption = page.get_by_text(re.compile(r"customers, step by step"))
    expect(caption).to_contain_text(f"{demo['customers']:,} customers")

    # Fewer steps: the chart is drawn again with the nodes of two steps.
    slider = page.get_by_test_id("stSlider").filter(has=page.get_by_text("Steps", exact=True))
    slider.get_by_role("slider").focus()
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    expect(slider.get_by_test_id("stSliderThumbValue")).to_have_text("2", timeout=TIMEOUT)
    expect(nodes).to_have_count(expected_nodes(demo, depth=2), timeout=TIMEOUT)

    # Start at a node: only the customers who reached it, flows after it.
    selectbox(page, "Start at").click()
    page.get_by_role("option", name="page_view /pricing", exact=True).click()
    expect(nodes).to_have_count(expected_nodes(demo, depth=2, start="page_view /pricing"), timeout=TIMEOUT)
    expect(caption).not_to_contain_text(f"{demo['customers']:,} customers", timeout=TIMEOUT)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "journeys", height=1300)
