"""The report in a real Chromium: opened from disk with the network cut, every section drawn, no
console error, a clean PDF with a page per section. Needs no server: only the demo workspace."""
from __future__ import annotations

import os
import re
import shutil

import pytest
from browser_kit import SCREENSHOTS
from playwright.sync_api import expect

from journey_explorer import workspace
from journey_explorer.report import SECTIONS, build_report

pytestmark = pytest.mark.browser

TIMEOUT = 10_000
README_HEIGHT = 2000   # px of the top of the report in docs/screenshots/report.png


@pytest.fixture(scope="module")
def report_file(demo, tmp_path_factory):
    con = workspace.connect(demo["path"], read_only=True)
    try:
        html = build_report(con)
    finally:
        con.close()
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(html, encoding="utf-8")
    return path


@pytest.fixture
def offline_page(browser):
    """A page whose every request but file:// is refused, recording what was refused and every
    console error."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.refused, page.errors = [], []

    def refuse(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            page.refused.append(route.request.url)
            route.abort()

    page.route("**/*", refuse)
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def test_the_report_opens_offline_and_every_section_renders(offline_page, report_file, demo, artifacts):
    page = offline_page
    page.goto(report_file.as_uri())
    expect(page.locator("h1")).to_have_text("Customer journeys")
    expect(page.locator('[data-metric="customers"] .value')).to_have_text(f"{demo['customers']:,}")
    keys = [f.__name__.removesuffix("_section") for f in SECTIONS]
    expect(page.locator("section.view")).to_have_count(len(keys))
    for key in keys:
        section = page.locator(f'section[data-section="{key}"]')
        expect(section.locator("p.key")).not_to_have_text(re.compile(r"^(This part could not|$)"))
        charts = section.locator("figure.chart > svg")
        nothing_found = key == "obstacles" and section.locator("p.key").inner_text().startswith("No obstacle")
        assert charts.count() >= (0 if nothing_found else 1), key
        for i in range(charts.count()):
            chart = charts.nth(i)
            chart.scroll_into_view_if_needed()
            expect(chart).to_be_visible(timeout=TIMEOUT)
            box = chart.bounding_box()
            assert box["width"] > 300 and box["height"] > 100, (key, i, box)
            assert chart.locator("path, rect").count() > 5, (key, i)  # drawn marks, not an empty frame
    sankey = page.locator('section[data-section="journeys"] svg.sankey')
    expect(sankey.locator("rect").first).to_be_visible()
    assert page.refused == [] and page.errors == []
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(artifacts / "report_full.png"), full_page=True)
    shot = artifacts / "report.png"   # the README's: the top, as a reader first sees it
    page.screenshot(path=str(shot), full_page=True, clip={"x": 0, "y": 0, "width": 1100, "height": README_HEIGHT})
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SCREENSHOTS / shot.name)


def test_printing_gives_each_section_its_own_pages(offline_page, report_file):
    page = offline_page
    page.goto(report_file.as_uri())
    page.emulate_media(media="print")
    breaks = page.locator("section.view").evaluate_all("s => s.map(e => getComputedStyle(e).breakBefore)")
    assert breaks and set(breaks) == {"page"}
    assert page.locator("nav").evaluate("e => getComputedStyle(e).display") == "none"
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages >= len(breaks) + 1  # the cover, then at least a page per section
    assert page.refused == [] and page.errors == []
