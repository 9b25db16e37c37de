"""AppTest tests of the Journeys page (the page file run directly, see TESTING.md)."""
import csv
import io
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
    """The ECharts Sankey series the page sent to the browser."""
    chart = next(c for c in at.get("bidi_component") if c.proto.component_name.startswith("streamlit-echarts"))
    return json.loads(chart.proto.json)["options"]["series"][0]


def values(series) -> list[int]:
    return sorted(link["value"] for link in series["links"])


def drawn_names(series) -> set[str]:
    return {node["name"] for node in series["data"]}


def default_exclude(con, by="touchpoint"):
    return flows.technical_in(flows.node_counts(con, by, groups=flows.DEFAULT_GROUPS)["node"])


def test_journeys_draws_the_sankey_of_the_core_links(ws):
    at = run_page(JOURNEYS, ws)
    links = flows.sankey_links(ws.con, depth=5, top=8, groups=flows.DEFAULT_GROUPS, exclude=default_exclude(ws.con))
    series = sankey_spec(at)
    assert series["type"] == "sankey"
    assert values(series) == sorted(links["customers"].tolist())
    assert "(left)" in drawn_names(series)
    assert "Viewed pricing page" in drawn_names(series)      # plain names, not "page_view /pricing"
    paths = next(d.value for d in at.dataframe if "path" in d.value.columns)
    expected = flows.top_paths(ws.con, depth=5, top=20, groups=flows.DEFAULT_GROUPS, exclude=default_exclude(ws.con))
    assert paths["customers"].tolist() == expected["customers"].tolist()
    assert paths["path_names"].tolist() == [names.path_text(p, names.readable) for p in expected["path"]]


def test_journeys_redraws_for_depth_and_start(ws):
    at = run_page(JOURNEYS, ws)
    exclude = default_exclude(ws.con)
    at.slider(key="journeys_depth").set_value(2).run()
    two_steps = flows.sankey_links(ws.con, depth=2, top=8, groups=flows.DEFAULT_GROUPS, exclude=exclude)
    assert values(sankey_spec(at)) == sorted(two_steps["customers"].tolist())
    start = flows.node_counts(ws.con, groups=flows.DEFAULT_GROUPS)["node"].iloc[0]
    at.selectbox(key="journeys_start").set_value(start).run()
    expected = flows.sankey_links(ws.con, depth=2, top=8, start=start, groups=flows.DEFAULT_GROUPS, exclude=exclude)
    assert values(sankey_spec(at)) == sorted(expected["customers"].tolist())
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
    drawn = drawn_names(sankey_spec(at))
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
    assert drawn_names(sankey_spec(at)) <= {"Everything", "(left)"}
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
    assert values(sankey_spec(at)) == sorted(expected["customers"].tolist())
    assert {k: at.query_params[k] for k in linked} == linked



FORMULA = '=HYPERLINK("http://evil.example","Click")'


def downloads_made(monkeypatch) -> dict:
    """file name → the data of each deferred download made while a page runs (what a click gets)."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    made, original = {}, MediaFileManager.add_deferred

    def spy(self, data, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name] = data
        return original(self, data, mimetype, coordinates, file_name=file_name, **kwargs)
    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return made


def test_customer_download_quotes_a_formula_like_campaign_and_masks_contacts(tmp_path, monkeypatch):
    from page_helpers import CALLS, EMAILS, WEB, build, open_ws
    # The New York caller has only this call: their journey by campaign is the campaign alone.
    calls = CALLS.replace("bing,cpc,,,/,,,desktop,New York", f'bing,cpc,"{FORMULA.replace(chr(34), chr(34) * 2)}"'
                          ",,/,,,desktop,New York", 1)
    ws = open_ws(build(tmp_path, {"web.csv": WEB, "calls.csv": calls, "emails.csv": EMAILS}))
    try:
        made = downloads_made(monkeypatch)
        at = run_page(JOURNEYS, ws, journeys_by="campaign")
        campaign = FORMULA.lower()       # campaigns are compared (and kept) lower-case
        at.selectbox(key="journeys_customers_node").set_value(campaign).run()
        assert not at.exception
        text = made["customers.csv"]()
        rows = list(csv.DictReader(io.StringIO(text)))
        caller = [r for r in rows if r["journey"].startswith("'=")]
        assert caller and caller[0]["journey"] == "'" + campaign and caller[0]["journey_names"] == "'" + campaign
        assert not any(v.startswith("=") for r in rows for v in r.values())
        assert "@" not in text
        sankey = list(csv.DictReader(io.StringIO(made["journeys.csv"]())))
        assert {"source", "source_name", "target", "target_name"} <= set(sankey[0])
        assert "'" + campaign in {r["source"] for r in sankey} | {r["target"] for r in sankey}
    finally:
        ws.con.close()


def test_a_click_on_a_sankey_node_shows_what_those_customers_did_next(demo_ws):
    """What the chart's click handler hands over: the clicked node's id; the page turns it into the
    picker's step and says what the customers who did it did next."""
    from journey_explorer.ui.state import Workspace
    from journey_explorer.views import next_step
    ws = Workspace(key="journeys-click", label="Test workspace", read_only=True, con=demo_ws)
    at = run_page(JOURNEYS, ws)
    series = sankey_spec(at)
    clicked = next(d for d in series["data"] if d["depth"] == 1 and d["name"] not in ("Other", "(left)"))
    assert clicked["id"] == f"2|{clicked['name']}"
    node = at.session_state["journeys_sankey_drawn"][clicked["id"]]
    assert names.readable(node) == clicked["name"]
    # what the chart's change callback sets before the rerun a click starts (the click itself:
    # tests/browser/test_sankey_click_browser.py)
    at.session_state["journeys_customers_node"] = node
    at.run()
    assert not at.exception
    assert at.selectbox(key="journeys_customers_node").value == node
    after = next_step.count_next_after(demo_ws, node, exclude=tuple(default_exclude(demo_ws)),
                                       groups=flows.DEFAULT_GROUPS)
    plain = after.assign(next=[n if n in ("Other", "(left)") else names.readable(n) for n in after["next"]])
    sentence = next_step.next_after_sentence(plain, clicked["name"])
    assert sentence.startswith("Of the ") and " next did " in sentence
    assert sentence in [t.value for t in at.text]
