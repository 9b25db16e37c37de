"""Journeys page in a real browser: the Sankey is drawn and redraws for new choices, a copied link
opens the same view in a fresh session, and screenshots at 5 and 10 steps (the demo, and a
five-day upload of a new user) are saved to look at."""
import re

import pytest
from five_days import exports
from playwright.sync_api import Page, expect
from test_app_browser import TIMEOUT, go_to, open_app

from journey_explorer import ingest, names, workspace
from journey_explorer.views import flows

pytestmark = pytest.mark.browser


def selectbox(page: Page, label: str):
    return page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True))


def slider(page: Page, label: str):
    return page.get_by_test_id("stSlider").filter(has=page.get_by_text(label, exact=True))


def expected_nodes(path, top: int | None = None, **options) -> int:
    """Nodes the page should draw: one per (step, name) of the core's links, same options as the page
    (`top`: the slider's value, 8 unless the depth allows fewer)."""
    con = workspace.connect(path, read_only=True)
    try:
        names_ = flows.node_counts(con, options.get("by", "touchpoint"), groups=flows.DEFAULT_GROUPS)["node"]
        exclude = flows.technical_in(names_) if options.get("by", "touchpoint") == "touchpoint" else ()
        top = top or min(8, flows.readable_top(15, options.get("depth", 5)))
        links = flows.sankey_links(con, top=top, exclude=exclude, groups=flows.DEFAULT_GROUPS, **options)
    finally:
        con.close()
    return len(set(zip(links["step"], links["source"])) | set(zip(links["step"] + 1, links["target"])))


def wide(page: Page, screenshot, name: str) -> None:
    """Ten steps take more than a 1400 px window beside the sidebar (the chart scrolls sideways):
    the screenshot gets a window wide enough to show all of it."""
    size = page.viewport_size
    page.set_viewport_size({"width": 1900, "height": size["height"]})
    try:
        page.wait_for_timeout(500)
        screenshot(page, name, height=1150)
    finally:
        page.set_viewport_size(size)


def set_steps(page: Page, steps: int) -> None:
    """Move the Steps slider with the keyboard, a press at a time (a rerun may take the focus)."""
    box = slider(page, "Steps")
    value = box.get_by_test_id("stSliderThumbValue")
    for _ in range(30):
        now = int(value.inner_text())
        if now == steps:
            break
        box.get_by_role("slider").focus()
        page.keyboard.press("ArrowRight" if steps > now else "ArrowLeft")
        page.wait_for_timeout(250)
    expect(value).to_have_text(str(steps), timeout=TIMEOUT)


# Nodes of the ECharts Sankey as drawn (the page puts the live chart on window when it has finished).
NODE_COUNT = """() => { const c = window.__journeysSankey;
  return c ? c.getModel().getSeriesByIndex(0).getData().count() : -1; }"""
LABELS = """() => { const d = window.__journeysSankey.getModel().getSeriesByIndex(0).getData(); const out = [];
  for (let i = 0; i < d.count(); i++) {
    const t = d.getItemGraphicEl(i).getTextContent(); out.push(t ? t.style.text : ''); }
  return out; }"""

SCROLLS_SIDEWAYS = """() => { for (let e = window.__journeysSankey.getDom(); e; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(s.overflowX)) return true; }
  return false; }"""


def drawn(page: Page, count: int) -> None:
    """The Sankey has `count` nodes and has finished drawing."""
    page.wait_for_function(f"() => ({NODE_COUNT})() === {count}", timeout=TIMEOUT)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=TIMEOUT)   # the rerun is over
    page.wait_for_timeout(1200)


def labels(page: Page) -> list[str]:
    return page.evaluate(LABELS)


def test_sankey_redraws_for_depth_and_start_node(page: Page, demo, screenshot):
    open_app(page)
    go_to(page, "Journeys")
    expect(page.locator(".echarts-container canvas").first).to_be_visible(timeout=TIMEOUT)
    drawn(page, expected_nodes(demo["path"], depth=5))
    caption = page.get_by_text(re.compile(r"customers, step by step"))
    expect(caption).to_contain_text(f"{demo['customers']:,} customers")
    assert "Viewed pricing page" in labels(page)
    screenshot(page, "journeys_demo_5", height=1150)
    screenshot(page, "journeys", height=1300)

    set_steps(page, 10)
    drawn(page, expected_nodes(demo["path"], depth=10))
    # the slider for the most common per step says what is drawn at 10 steps
    expect(slider(page, "Most common per step").get_by_test_id("stSliderThumbValue")).to_have_text(
        str(flows.readable_top(15, 10)), timeout=TIMEOUT)
    assert all(len(label) <= 16 for label in labels(page))     # cut to the room between ten columns
    # wider than the window beside the sidebar: the chart scrolls sideways rather than being cut off
    assert page.evaluate(SCROLLS_SIDEWAYS)
    wide(page, screenshot, "journeys_demo_10")

    set_steps(page, 2)      # the most common per step stays at what it was moved down to
    top = flows.readable_top(15, 10)
    drawn(page, expected_nodes(demo["path"], top, depth=2))
    selectbox(page, "Start at").click()
    page.get_by_role("option", name=names.readable("page_view /pricing"), exact=True).click()
    drawn(page, expected_nodes(demo["path"], top, depth=2, start="page_view /pricing"))
    expect(caption).not_to_contain_text(f"{demo['customers']:,} customers", timeout=TIMEOUT)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_a_copied_link_opens_the_same_journeys(page: Page, browser, browser_context_args, demo):
    open_app(page)
    go_to(page, "Journeys")
    selectbox(page, "Show steps as").click()
    page.get_by_role("option", name="Channel", exact=True).click()
    expect(page).to_have_url(re.compile(r"journeys_by=channel"), timeout=TIMEOUT)
    set_steps(page, 4)
    page.get_by_text("Merge repeats").click()
    expect(page).to_have_url(re.compile(r"journeys_collapse=1"), timeout=TIMEOUT)
    expect(page).to_have_url(re.compile(r"journeys_depth=4"), timeout=TIMEOUT)
    count = expected_nodes(demo["path"], by="channel", depth=4, collapse_repeats=True)
    drawn(page, count)
    link = page.url

    fresh = browser.new_context(**browser_context_args)   # a colleague's browser: a session of its own
    try:
        other = fresh.new_page()
        other.goto(link)
        expect(other.get_by_role("heading", name="Journeys", level=1)).to_be_visible(timeout=TIMEOUT)
        expect(selectbox(other, "Show steps as").get_by_role("combobox")).to_have_value("Channel", timeout=TIMEOUT)
        expect(slider(other, "Steps").get_by_test_id("stSliderThumbValue")).to_have_text("4")
        expect(other.get_by_role("switch", name=re.compile("Merge repeats"))).to_be_checked()
        drawn(other, count)
    finally:
        fresh.close()


def _written(folder, name: str, data: bytes):
    (folder / name).write_bytes(data)
    return folder / name


def upload(page: Page, files: dict[str, bytes]) -> None:
    go_to(page, "Data")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data} for name, data in files.items()])
    expect(page.get_by_text(re.compile(r"Recognised as\s+GA4 export"))).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text(re.compile(r"Recognised as\s+Call log"))).to_be_visible(timeout=TIMEOUT)
    load = page.get_by_role("button", name=f"Load {len(files)} files")
    expect(load).to_be_enabled(timeout=TIMEOUT)
    load.click()
    expect(page.get_by_text("Loaded. The workspace now has")).to_be_visible(timeout=TIMEOUT)


def test_journeys_of_a_five_day_upload(page: Page, tmp_path, screenshot):
    files = exports()
    path = tmp_path / "same.duckdb"     # the server holds the upload's workspace: the same files, loaded here
    con = workspace.connect(path)
    ingest.load_files(con, [_written(tmp_path, n, d) for n, d in files.items()])
    con.close()
    open_app(page)
    upload(page, files)
    go_to(page, "Journeys")
    drawn(page, expected_nodes(path, depth=5))
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "journeys_upload_5", height=1150)
    set_steps(page, 10)
    drawn(page, expected_nodes(path, depth=10))
    wide(page, screenshot, "journeys_upload_10")
