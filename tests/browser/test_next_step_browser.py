"""Next step page in a real browser: the prediction and the evaluation are drawn, and the
prediction follows the steps picked."""
import re

import pytest
from playwright.sync_api import Page, expect
from test_app_browser import TIMEOUT, go_to, metric, open_app

from journey_explorer import names as plain
from journey_explorer import workspace
from journey_explorer.views import flows
from journey_explorer.views.next_step import evaluate_next, predict_next

pytestmark = pytest.mark.browser


def selectbox(page: Page, label: str):
    return page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True))


def core(demo, *journey):
    """The steps the page offers, its prediction after `journey` (default: the most common step)
    and the evaluation, from the core on the same demo workspace."""
    con = workspace.connect(demo["path"], read_only=True)
    try:
        names = flows.node_counts(con, "touchpoint")["node"].tolist()
        names = [n for n in names if n not in flows.technical_in(names)]
        return names, predict_next(con, list(journey or names[:1]), top=10), evaluate_next(con)
    finally:
        con.close()


def test_next_step_predicts_and_follows_the_picked_steps(page: Page, demo, screenshot):
    names, first, result = core(demo)
    # The page says steps by their readable names, the raw one after it where two read alike.
    label = plain.telling_apart(plain.namer(), names)
    open_app(page)
    go_to(page, "Next step")
    charts = page.get_by_test_id("stVegaLiteChart")
    expect(charts).to_have_count(2, timeout=TIMEOUT)
    for i in range(2):
        expect(charts.nth(i).locator("canvas, svg").first).to_be_visible(timeout=TIMEOUT)
    caption = page.get_by_text(re.compile(r"the share of the times customers did each step next"))
    expect(caption).to_contain_text(f"from the {int(first['support'].iloc[0]):,} times customers did "
                                    f"{label(names[0])}", timeout=TIMEOUT)
    expect(metric(page, "First guess right")).to_have_text(f"{result['top1']:.0%}", timeout=TIMEOUT)
    expect(metric(page, "Next steps tested")).to_have_text(f"{result['predictions']:,}")

    # A journey of two steps: a product, then the pricing page.
    selectbox(page, "The step before").click()
    page.get_by_role("option", name=label("view_item"), exact=True).click()
    selectbox(page, "The last step").click()
    page.get_by_role("option", name=label("page_view /pricing"), exact=True).click()
    _, after, _ = core(demo, "view_item", "page_view /pricing")
    expect(caption).to_contain_text(f"After {label('view_item')} → {label('page_view /pricing')}: ", timeout=TIMEOUT)
    expect(caption).to_contain_text(f"from the {int(after['support'].iloc[0]):,} times customers did "
                                    f"{plain.path_text(after['context'].iloc[0], label)}")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, "next_step", height=1900)
