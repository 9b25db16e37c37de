"""AppTest tests of the Journeys and Funnels pages (page files run directly, see TESTING.md)."""
import json
from pathlib import Path

import pytest
from page_helpers import run_page

from journey_explorer.views import flows, funnels

ROOT = Path(__file__).resolve().parents[2]
JOURNEYS = str(ROOT / "pages" / "journeys.py")
FUNNELS = str(ROOT / "pages" / "funnels.py")


@pytest.fixture
def ws(full_ws):
    return full_ws


def sankey_spec(at):
    return json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]


def test_journeys_draws_the_sankey_of_the_core_links(ws):
    at = run_page(JOURNEYS, ws)
    links = flows.sankey_links(ws.con, depth=5, top=8, groups=flows.DEFAULT_GROUPS)
    trace = sankey_spec(at)
    assert trace["type"] == "sankey"
    assert sorted(trace["link"]["value"]) == sorted(links["customers"].tolist())
    assert "(left)" in trace["node"]["label"]
    paths = next(d.value for d in at.dataframe if "path" in d.value.columns)
    assert paths["customers"].tolist() == flows.top_paths(ws.con, depth=5, top=20,
                                                          groups=flows.DEFAULT_GROUPS)["customers"].tolist()


def test_journeys_redraws_for_depth_and_start(ws):
    at = run_page(JOURNEYS, ws)
    at.slider(key="journeys_depth").set_value(2).run()
    two_steps = flows.sankey_links(ws.con, depth=2, top=8, groups=flows.DEFAULT_GROUPS)
    assert sorted(sankey_spec(at)["link"]["value"]) == sorted(two_steps["customers"].tolist())
    start = flows.node_counts(ws.con, groups=flows.DEFAULT_GROUPS)["node"].iloc[0]
    at.selectbox(key="journeys_start").set_value(start).run()
    expected = flows.sankey_links(ws.con, depth=2, top=8, start=start, groups=flows.DEFAULT_GROUPS)
    assert sorted(sankey_spec(at)["link"]["value"]) == sorted(expected["customers"].tolist())
    assert not at.exception


def test_journeys_says_so_when_nothing_matches(ws):
    at = run_page(JOURNEYS, ws)
    nodes = flows.node_counts(ws.con, groups=flows.DEFAULT_GROUPS)["node"].tolist()
    at.multiselect(key="journeys_exclude").set_value(nodes).run()
    assert any("No journeys match" in i.value for i in at.info)


def test_funnels_asks_for_steps_then_counts_them(ws):
    at = run_page(FUNNELS, ws)
    assert any("Pick at least two steps" in i.value for i in at.info)
    nodes = flows.node_counts(ws.con)["node"].tolist()[:3]
    at.multiselect(key="funnel_steps").set_value(nodes).run()
    table = next(d.value for d in at.dataframe if "conversion_from_start" in d.value.columns)
    expected = funnels.funnel(ws.con, nodes, 7 * 86400)
    assert table["customers"].tolist() == expected["customers"].tolist()
    at.selectbox(key="funnel_window").set_value("1 hour").run()
    table = next(d.value for d in at.dataframe if "conversion_from_start" in d.value.columns)
    assert table["customers"].tolist() == funnels.funnel(ws.con, nodes, 3600)["customers"].tolist()


def test_journeys_lists_the_customers_behind_a_step(ws):
    at = run_page(JOURNEYS, ws)
    node = flows.node_counts(ws.con, groups=flows.DEFAULT_GROUPS)["node"].iloc[0]
    at.selectbox(key="journeys_customers_node").set_value(node).run()
    table = next(d.value for d in at.dataframe if "journey" in d.value.columns)
    expected = flows.customers_at(ws.con, node, groups=flows.DEFAULT_GROUPS)
    assert sorted(table["customer_id"]) == sorted(expected["customer_id"])
    assert "@" not in table.to_csv()


def test_funnels_shows_what_drop_offs_did_next(ws):
    at = run_page(FUNNELS, ws)
    steps = flows.node_counts(ws.con)["node"].tolist()[:3]
    at.multiselect(key="funnel_steps").set_value(steps).run()
    at.selectbox(key="funnel_dropoff_step").set_value(2).run()
    table = next(d.value for d in at.dataframe if "next" in d.value.columns)
    assert table["customers"].tolist() == funnels.dropoffs_next(ws.con, steps, 2)["customers"].tolist()


def test_funnel_time_to_convert_and_chart_downloads(ws):
    nodes = flows.node_counts(ws.con)["node"].tolist()
    completed = [(a, b) for a in nodes for b in nodes if a != b and len(funnels.time_to_convert(ws.con, [a, b]))]
    assert completed, "the fixture has journeys that go through two steps"
    steps = list(completed[0])
    at = run_page(FUNNELS, ws)
    at.multiselect(key="funnel_steps").set_value(steps).run()
    done = funnels.time_to_convert(ws.con, steps, 7 * 86400)
    assert any(f"How long the {len(done):,} customers" in c.value for c in at.caption)
    journeys = run_page(JOURNEYS, ws)
    keys = {b.key for b in journeys.get("download_button")}
    assert {"journeys_html", "journeys_csv"} <= keys
    keys = {b.key for b in at.get("download_button")}
    assert {"funnel_png", "funnel_html", "funnel_csv", "time_to_convert_png"} <= keys


def test_journeys_group_rules_and_their_errors(ws):
    at = run_page(JOURNEYS, ws)
    at.text_area(key="journeys_groups").set_value("*=Everything").run()
    assert set(sankey_spec(at)["node"]["label"]) <= {"Everything", "(left)"}
    at.text_area(key="journeys_groups").set_value("no equals sign here").run()
    assert any('should look like "*/blog/* = Blog"' in e.value for e in at.error)
