"""A click on a Journeys Sankey node in a real Chromium drives the page: the "Customers behind a
step" picker takes the clicked step and the page says what those customers did next."""
import re
import time

import pytest
from playwright.sync_api import Page, expect
from test_app_browser import TIMEOUT, go_to, open_app

from journey_explorer import names, workspace
from journey_explorer.views import flows, next_step

pytestmark = pytest.mark.browser

# The centre, in page pixels, of the biggest named node of a column (or of the one named `wanted`), from what
# ECharts drew.
NODE_XY = """([column, wanted]) => {
  const c = window.__journeysSankey;
  const data = c.getModel().getSeriesByIndex(0).getData();
  for (let i = 0; i < data.count(); i++) {
    const id = data.getId(i);
    const whole = id === column + '|Other' || id === column + '|(left)';
    if (!id.startsWith(column + '|') || (wanted ? id !== column + '|' + wanted : whole)) continue;
    const el = data.getItemGraphicEl(i);
    const r = el.getBoundingRect();
    const [gx, gy] = el.transformCoordToGlobal(r.x + r.width / 2, r.y + r.height / 2);
    const box = c.getDom().getBoundingClientRect();
    return {x: box.left + gx, y: box.top + gy, name: data.getName(i), id: id};
  }
  return null;
}"""


def sentence_for(path, shown: str) -> tuple[str, str]:
    """The core's "Of the … customers who did …, …% next did …" for the step drawn as `shown`."""
    con = workspace.connect(path, read_only=True)
    try:
        nodes = flows.node_counts(con, groups=flows.DEFAULT_GROUPS)["node"]
        node = next(n for n in nodes if names.readable(n) == shown)
        after = next_step.count_next_after(con, node, exclude=tuple(flows.technical_in(nodes)),
                                           groups=flows.DEFAULT_GROUPS)
    finally:
        con.close()
    plain = after.assign(next=[n if n in ("Other", "(left)") else names.readable(n) for n in after["next"]])
    return node, next_step.next_after_sentence(plain, shown)


def test_clicking_a_node_shows_what_its_customers_did_next(page: Page, demo, screenshot):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_app(page)
    go_to(page, "Journeys")
    chart = page.locator(".echarts-container").first
    expect(chart).to_be_visible(timeout=TIMEOUT)
    page.wait_for_function("() => window.__journeysSankey", timeout=TIMEOUT)
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    xy = page.evaluate(NODE_XY, [2, None])
    assert xy and xy["id"] == f"2|{xy['name']}"
    node, sentence = sentence_for(demo["path"], xy["name"])
    assert " next did " in sentence
    started = time.perf_counter()
    page.mouse.click(xy["x"], xy["y"])

    expect(page.get_by_text(sentence, exact=True)).to_be_visible(timeout=TIMEOUT)
    print(f"click to sentence: {time.perf_counter() - started:.2f} s")
    picker = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text("Show the customers who passed"))
    expect(picker.get_by_role("combobox")).to_have_value(xy["name"], timeout=TIMEOUT)
    expect(page.get_by_text(re.compile(r"customers \(pseudonymous ids"))).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("heading", name="Customers behind a step").scroll_into_view_if_needed()
    screenshot(page, "journeys_clicked")

    # a click on a step of another column moves the picker, and the sentence with it
    page.wait_for_function("() => window.__journeysSankey", timeout=TIMEOUT)
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    other = page.evaluate(NODE_XY, [1, None])
    _, said = sentence_for(demo["path"], other["name"])
    page.mouse.click(other["x"], other["y"])
    expect(page.get_by_text(said, exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(picker.get_by_role("combobox")).to_have_value(other["name"], timeout=TIMEOUT)

    # "(left)" is no one step: the pick stays and the page says why
    page.wait_for_function("() => window.__journeysSankey", timeout=TIMEOUT)
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    left = page.evaluate(NODE_XY, [2, "(left)"])
    page.mouse.click(left["x"], left["y"])
    expect(page.get_by_text("“(left)” and Other are not one step")).to_be_visible(timeout=TIMEOUT)
    expect(picker.get_by_role("combobox")).to_have_value(other["name"])
    expect(page.get_by_text(said, exact=True)).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert not errors
