"""Plotly in a real Chromium: a Sankey drawn with charts.labels shows markup from the data as text."""
from __future__ import annotations

import plotly.graph_objects as go
import pytest
from helpers import FIXTURES

from journey_explorer.charts.labels import plain_labels

pytestmark = pytest.mark.browser
NAMES = [line.split('","')[1] for line in (FIXTURES / "nasty" / "html_names.csv").read_text().splitlines()[1:]]


def drawn(browser, tmp_path, labels: list[str]) -> dict:
    """Open a Sankey of these labels as its HTML export and read what Chromium made of them."""
    figure = go.Figure(go.Sankey(node={"label": labels}, link={
        "source": list(range(len(labels) - 1)), "target": list(range(1, len(labels))), "value": [1] * (len(labels) - 1)}))
    page = tmp_path / "sankey.html"
    page.write_text(figure.to_html(include_plotlyjs=True, full_html=True))
    tab = browser.new_page()
    try:
        tab.goto(page.as_uri())
        tab.wait_for_selector(".sankey-node text", timeout=30_000)
        texts = tab.locator(".sankey-node text").all_text_contents()
        # Inside the drawing (the mode bar has a link of Plotly's own).
        markup = tab.evaluate("() => document.querySelectorAll('.sankey a, .sankey b, .sankey [onerror], "
                              ".sankey script').length")
        return {"texts": texts, "markup": markup}
    finally:
        tab.close()


def test_markup_in_names_is_drawn_as_the_text_it_is(browser, tmp_path):
    names = sorted(set(NAMES)) + ["page_view /pricing"]
    raw = drawn(browser, tmp_path, names)
    assert raw["markup"] > 0  # Plotly does read tags: the link would be a link
    safe = drawn(browser, tmp_path, plain_labels(names, show_pii=True))
    assert safe["markup"] == 0
    assert sorted(safe["texts"]) == sorted(names)  # shown exactly as in the data
