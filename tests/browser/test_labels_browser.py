"""Sankeys in a real Chromium show markup from the data as text: Plotly's (the HTML download) drawn
with charts.labels, and the page's ECharts one, whose tooltip escapes every name."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from helpers import FIXTURES

from journey_explorer.charts import sankey_echarts
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


# The Journeys Sankey is drawn by streamlit-echarts: its own bundle, mounted here in a plain page the
# way Streamlit mounts it, with the options the page sends.
# (streamlit_echarts itself imports only inside a running Streamlit: its files are found, not imported)
PACKAGE = Path(importlib.util.find_spec("streamlit_echarts").origin).parent
BUNDLE = next((PACKAGE / "frontend" / "build").glob("index-*.js"))
MARK = "--x_x--0_0--"   # how streamlit_echarts.JsCode marks a string as a function (checked below)
HOST = "http://sankey.test"
MOUNT = """<!doctype html><html><body><div id="root"><div class="echarts-container"></div></div>
<script type="module">
import mount from "/bundle.js";
window.__clicks = [];
mount({data: DATA, parentElement: document.getElementById("root"),
       setTriggerValue: (name, value) => window.__clicks.push([name, value]), setStateValue: () => {}});
</script></body></html>"""
NODE_XY = """(i) => { const c = window.__journeysSankey; const d = c.getModel().getSeriesByIndex(0).getData();
  const el = d.getItemGraphicEl(i); const r = el.getBoundingRect();
  const [x, y] = el.transformCoordToGlobal(r.x + r.width / 2, r.y + r.height / 2);
  const box = c.getDom().getBoundingClientRect(); return {x: box.left + x, y: box.top + y}; }"""
DRAWN = """() => { const d = window.__journeysSankey.getModel().getSeriesByIndex(0).getData(); const out = [];
  for (let i = 0; i < d.count(); i++) {
    const t = d.getItemGraphicEl(i).getTextContent(); out.push(t ? t.style.text : ''); }
  return out; }"""
TOOLTIP = """() => { const d = [...document.querySelectorAll('div')].find(x => x.style && x.style.zIndex === '9999999'
  && x.style.display !== 'none');
  return d ? {text: d.innerText, markup: d.querySelectorAll('a, b, img, script').length} : null; }"""


def as_sent(value):
    """The options as the page hands them over and streamlit-echarts serialises them (JsCode)."""
    return sankey_echarts.with_functions(value, lambda js: f"{MARK}{js}{MARK}")


def test_the_echarts_sankey_draws_names_as_text_and_escapes_its_tooltip(browser):
    names = sorted(set(NAMES)) + ["Signed up jane.roe@example.com"]
    links = pd.DataFrame([(1, a, b, 40 - 5 * i) for i, (a, b) in enumerate(zip(names, names[1:]))] +
                         [(2, names[1], "(left)", 20)], columns=["step", "source", "target", "customers"])
    options = sankey_echarts.sankey_options(links, int(links.loc[links["step"] == 1, "customers"].sum()))
    data = {"options": as_sent(options), "theme": "streamlit", "height": "500px", "width": "1000px",
            "renderer": "canvas", "replaceMerge": None, "map": None, "selectionActive": False, "selectionMode": [],
            "onEvents": {"click": as_sent(sankey_echarts.Js(sankey_echarts.CLICK)),
                         "finished": as_sent(sankey_echarts.Js(sankey_echarts.FINISHED))}}
    assert MARK in (PACKAGE / "__init__.py").read_text() and MARK in BUNDLE.read_text()
    tab = browser.new_page(viewport={"width": 1200, "height": 700})
    alerts = []
    tab.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    tab.route(f"{HOST}/bundle.js", lambda r: r.fulfill(body=BUNDLE.read_text(), content_type="text/javascript"))
    # a name holding "</script>" would end this page's own script: JSON allows "<\/" for "</"
    page = MOUNT.replace("DATA", json.dumps(data).replace("</", "<\\/"))
    tab.route(f"{HOST}/", lambda r: r.fulfill(body=page, content_type="text/html"))
    try:
        tab.goto(f"{HOST}/")
        tab.wait_for_function("() => window.__journeysSankey", timeout=30_000)
        drawn = [t for t in tab.evaluate(DRAWN) if t]
        masked = [n.replace("jane.roe@", "***@") for n in names]
        # on the canvas, exactly as in the data (cut to the column's room), contact details masked
        assert set(drawn) <= {sankey_echarts._cut(n, sankey_echarts.label_room(3)) for n in masked + ["(left)"]}
        assert any("<script>" in t for t in drawn) and not any("jane.roe" in t for t in drawn)
        shown = [d["full"] for d in options["series"][0]["data"]]
        for i, title in enumerate(d["title"] for d in options["series"][0]["data"]):
            xy = tab.evaluate(NODE_XY, i)
            tab.mouse.move(xy["x"], xy["y"])
            tab.wait_for_timeout(400)
            tip = tab.evaluate(TOOLTIP)
            assert tip and tip["markup"] == 0 and title in tip["text"], (title, tip)   # escaped, whole
        xy = tab.evaluate(NODE_XY, 0)
        tab.mouse.click(xy["x"], xy["y"])
        tab.wait_for_function("() => window.__clicks.length > 0", timeout=10_000)
        event, clicked = tab.evaluate("window.__clicks")[-1]      # what the page's click callback gets
        assert event == "chart_event" and clicked == {"id": options["series"][0]["data"][0]["id"], "name": shown[0],
                                                      "step": 1}
        assert not alerts and tab.locator("#root a, #root img, #root script").count() == 0
    finally:
        tab.close()
