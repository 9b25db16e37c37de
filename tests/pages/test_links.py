"""Links: a link to a workspace that is not here says so and offers the demo; the Segments and
Overview pages reopen from a copied address like the others (AppTest on the page files)."""
from pathlib import Path

from page_helpers import CALLS, EMAILS, OVERVIEW, ROOT, WEB, build, metrics, run_linked
from streamlit.testing.v1 import AppTest

from journey_explorer import workspace
from journey_explorer.ui import state
from journey_explorer.views import flows, segments

SEGMENTS = str(Path(__file__).resolve().parents[2] / "pages" / "segments.py")


def test_a_link_to_a_missing_workspace_says_so_and_offers_the_demo(data_dir, tmp_path, monkeypatch):
    demo = build(tmp_path, {"web.csv": WEB, "calls.csv": CALLS}, "demo.duckdb")
    monkeypatch.setattr(state, "demo_database", lambda: workspace.connect(demo, read_only=True))
    missing = "no-such-workspace-0123456789"
    assert not workspace.workspace_exists(missing)
    at = AppTest.from_file(OVERVIEW, default_timeout=60)
    at.query_params["ws"] = missing
    at.run()
    assert not at.exception
    assert any("does not exist here" in w.value for w in at.warning)
    assert not at.metric                                  # not silently the demo
    at.button(key="ws_open_demo").click().run()
    assert not at.warning and "ws" not in at.query_params
    assert metrics(at)["Touchpoints"] == "10"              # the demo: 6 web rows and 4 good calls


def test_a_link_to_an_existing_workspace_opens_it(data_dir):
    ws_id = workspace.new_workspace_id()
    build(workspace.workspace_dir(ws_id), {"emails.csv": EMAILS}, "workspace.duckdb")
    at = AppTest.from_file(OVERVIEW, default_timeout=60)
    at.query_params["ws"] = ws_id
    at.run()
    assert not at.warning and metrics(at)["Touchpoints"] == "4"
    at.session_state["workspace"].con.close()


def test_segments_page_settings_travel_in_the_link(full_ws):
    at = run_linked(SEGMENTS, full_ws, {"segments_paths_by": "stage", "segments_diverge_by": "channel"})
    assert at.selectbox(key="segments_paths_by").value == "stage"
    assert at.selectbox(key="segments_diverge_by").value == "channel"
    shown = [d.value for d in at.dataframe if "path" in d.value.columns]
    called = segments.segment(["kind=call"], "Called us")
    expected = flows.top_paths(full_ws.con, by="stage", depth=4, top=5, collapse_repeats=True,
                               filters=segments.within(None, called))
    assert shown[0]["path"].tolist() == expected["path"].tolist()
    assert at.query_params["segments_paths_by"] == "stage"
    chips = at.multiselect(key="segments_where_0")
    assert chips.format_func("kind=call") == "Had a call"
    at.selectbox(key="segments_paths_by").set_value("touchpoint").run()
    assert at.query_params["segments_paths_by"] == "touchpoint"


def test_a_hand_edited_link_falls_back_to_the_defaults(full_ws):
    at = run_linked(str(ROOT / "pages" / "journeys.py"), full_ws,
                    {"journeys_depth": "many", "journeys_by": "colour", "journeys_start": "nowhere"})
    assert at.slider(key="journeys_depth").value == 5 and at.selectbox(key="journeys_by").value == "touchpoint"
    assert at.selectbox(key="journeys_start").value is None
