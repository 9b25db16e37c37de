"""AppTest tests of the Journeys page (the page file run directly, see TESTING.md)."""
import json
from pathlib import Path

import pytest
from page_helpers import run_linked, run_page

from journey_explorer import names
from journey_explorer.views import flows

ROOT = Path(__file__).resolve().parents[2]
JOURNEYS = str(ROOT / "pages" / "journeys.py")


@pytest.fixture
def ws(full_ws):
    return full_ws


def sankey_spec(at):
    return json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]


def default_exclude(con, by="touchpoint"):
    return flows.technical_in(flows.node_counts(con, by, groups=flows.DEFAULT_GROUPS)["node"])


def test_journeys_draws_the_sankey_of_the_core_links(ws):
    at = run_page(JOURNEYS, ws)
    links = flows.sankey_links(ws.con, depth=5, top=8, groups=flows.DEFAULT_GROUPS, exclude=default_exclude(ws.con))
    trace = sankey_spec(at)
    assert trace["type"] == "sankey"
    assert sorted(trace["link"]["value"]) == sorted(links["customers"].tolist())
    assert "(left)" in trace["node"]["label"]
    assert "Viewed pricing page" in trace["node"]["label"]      # plain names, not "page_view /pricing"
    paths = next(d.value for d in at.dataframe if "path" in d.value.columns)
    expected = flows.top_paths(ws.con, depth=5, top=20, groups=flows.DEFAULT_GROUPS, exclude=default_exclude(ws.con))
    assert paths["customers"].tolist() == expected["customers"].tolist()
    assert paths["path_names"].tolist() == [names.path_text(p, names.readable) for p in expected["path"]]


def test_journeys_redraws_for_depth_and_start(ws):
    at = run_page(JOURNEYS, ws)
    exclude = default_exclude(ws.con)
    at.slider(key="journeys_depth").set_value(2).run()
    two_steps = flows.sankey_links(ws.con, depth=2, top=8, groups=flows.DEFAULT_GROUPS, exclude=exclude)
    assert sorted(sankey_spec(at)["link"]["value"]) == sorted(two_steps["customers"].tolist())
    start = flows.node_counts(ws.con, groups=flows.DEFAULT_GROUPS)["node"].iloc[0]
    at.selectbox(key="journeys_start").set_value(start).run()
    expected = flows.sankey_links(ws.con, depth=2, top=8, start=start, groups=flows.DEFAULT_GROUPS, exclude=exclude)
    assert sorted(sankey_spec(at)["link"]["value"]) == sorted(expected["customers"].tolist())
    assert at.query_params["journeys_depth"] == "2" and at.query_params["journeys_start"] == start
    assert not at.exception


def test_switching_show_steps_as_keeps_the_default_leave_out(demo_ws):
    from journey_explorer.ui.state import Workspace
    ws = Workspace(key="journeys-leave-out", label="Test workspace", read_only=True, con=demo_ws)
    at = run_page(JOURNEYS, ws)
    technical = list(default_exclude(demo_ws))
    assert set(technical) == {"first_visit", "session_start"}
    assert at.multiselect(key="journeys_exclude_touchpoint").value == technical
    at.selectbox(key="journeys_by").set_value("channel").run()
    assert at.multiselect(key="journeys_exclude_channel").value == []
    at.selectbox(key="journeys_by").set_value("touchpoint").run()
    assert at.multiselect(key="journeys_exclude_touchpoint").value == technical
    drawn = set(sankey_spec(at)["node"]["label"])
    assert not drawn & {names.readable(t) for t in technical}      # "Visit started" is not drawn
    paths = next(d.value for d in at.dataframe if "path" in d.value.columns)
    assert not any(t in p.split(" > ") for p in paths["path"] for t in technical)
    # a leave-out of one's own is kept too when switching back
    at.multiselect(key="journeys_exclude_touchpoint").set_value(technical + ["view_item"]).run()
    at.selectbox(key="journeys_by").set_value("stage").run()
    at.selectbox(key="journeys_by").set_value("touchpoint").run()
    assert at.multiselect(key="journeys_exclude_touchpoint").value == technical + ["view_item"]


def test_the_top_slider_offers_only_what_is_drawn(demo_ws):
    from journey_explorer.ui.state import Workspace
    ws = Workspace(key="journeys-top", label="Test workspace", read_only=True, con=demo_ws)
    at = run_page(JOURNEYS, ws)
    assert at.slider(key="journeys_top").value == 8
    at.slider(key="journeys_depth").set_value(10).run()
    top = at.slider(key="journeys_top")
    assert top.max == flows.readable_top(15, 10) == top.value < 8    # the slider says what is drawn
    links = flows.sankey_links(demo_ws, depth=10, top=top.value, exclude=default_exclude(demo_ws),
                               groups=flows.DEFAULT_GROUPS)
    drawn = set(zip(links["step"], links["source"])) | set(zip(links["step"] + 1, links["target"]))
    per_step = max(sum(1 for s, n in drawn if s == k and n not in ("Other", "(left)")) for k in range(1, 11))
    assert per_step == top.value


def test_journeys_says_so_when_nothing_matches(ws):
    at = run_page(JOURNEYS, ws)
    nodes = flows.node_counts(ws.con, groups=flows.DEFAULT_GROUPS)["node"].tolist()
    at.multiselect(key="journeys_exclude_touchpoint").set_value(nodes).run()
    assert any("No journeys match" in i.value for i in at.info)


def test_journeys_lists_the_customers_behind_a_step(ws):
    at = run_page(JOURNEYS, ws)
    nodes = flows.node_counts(ws.con, groups=flows.DEFAULT_GROUPS)["node"].tolist()
    left_out = nodes[:1]          # a left-out step has nobody behind it: it is not offered
    at.multiselect(key="journeys_exclude_touchpoint").set_value(left_out).run()
    picker = at.selectbox(key="journeys_customers_node")
    assert picker.options and left_out[0] not in picker.options
    assert picker.options == [names.readable(n) for n in nodes[1:]]     # most common first
    node = nodes[1]
    picker.set_value(node).run()
    table = next(d.value for d in at.dataframe if "journey" in d.value.columns)
    expected = flows.customers_at(ws.con, node, groups=flows.DEFAULT_GROUPS, exclude=tuple(left_out))
    assert len(table) > 0 and sorted(table["customer_id"]) == sorted(expected["customer_id"])
    assert "@" not in table.to_csv()


def test_journeys_chart_downloads_keep_the_raw_names_beside_the_plain_ones(ws):
    at = run_page(JOURNEYS, ws)
    keys = {b.key for b in at.get("download_button")}
    assert {"journeys_html", "journeys_csv"} <= keys


def test_journeys_group_rules_and_their_errors(ws):
    at = run_page(JOURNEYS, ws)
    at.text_area(key="journeys_groups").set_value("*=Everything").run()
    assert set(sankey_spec(at)["node"]["label"]) <= {"Everything", "(left)"}
    at.text_area(key="journeys_groups").set_value("no equals sign here").run()
    assert any('should look like "*/blog/* = Blog"' in e.value for e in at.error)


def test_a_link_opens_the_same_journeys(ws):
    linked = {"journeys_by": "channel", "journeys_depth": "3", "journeys_top": "4", "journeys_collapse": "1",
              "journeys_start": "Email"}
    at = run_linked(JOURNEYS, ws, linked)
    assert at.selectbox(key="journeys_by").value == "channel"
    assert at.slider(key="journeys_depth").value == 3 and at.slider(key="journeys_top").value == 4
    assert at.toggle(key="journeys_collapse").value is True
    expected = flows.sankey_links(ws.con, by="channel", depth=3, top=4, start="Email", collapse_repeats=True,
                                  groups=flows.DEFAULT_GROUPS)
    assert sorted(sankey_spec(at)["link"]["value"]) == sorted(expected["customers"].tolist())
    assert {k: at.query_params[k] for k in linked} == linked

