"""AppTest tests of the Obstacles page (the page file run directly, see TESTING.md): each finding
of the core is shown with its sentence, its chart and a link to the Journeys page."""
import json
from pathlib import Path

import pytest
from page_helpers import run_page
from shop_journeys import shop_workspace

from journey_explorer.ui.state import Workspace
from journey_explorer.views.obstacles import journeys_link, obstacle_report

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "obstacles.py")


@pytest.fixture(scope="module")
def planted_con(tmp_path_factory):
    con = shop_workspace(tmp_path_factory.mktemp("planted_page"), 31, drop=True, loop=True, error=True)
    yield con
    con.close()


def test_each_finding_has_its_sentence_chart_and_link(planted_con):
    ws = Workspace(key="obstacles-planted", label="Your workspace", read_only=False, con=planted_con, id="w" * 20)
    at = run_page(PAGE, ws)
    for period in ("month", "week"):
        if period == "week":
            at.button_group(key="obstacles_period").set_value("week").run()
            assert not at.exception
        findings = obstacle_report(planted_con, period).findings
        assert len(findings) >= 3
        written = [m.value for m in at.markdown]
        assert all(any(s == w for w in written) for s in findings["summary"]), period
        links = [b.proto.url for b in at.get("link_button")]
        assert links == [journeys_link(f, ws.id) for _, f in findings.iterrows()]
        charts = at.get("vega_lite_chart")
        assert len(charts) == len(findings)
        assert all(json.loads(c.proto.spec)["layer"][0]["mark"]["type"] == "line" for c in charts)
        assert written[0].startswith(f"**{len(findings)} obstacles found**")


def test_no_obstacle_in_the_demo_story_says_so(demo_ws):
    ws = Workspace(key="obstacles-demo", label="Test workspace", read_only=True, con=demo_ws)
    assert obstacle_report(demo_ws, "month").findings.empty
    at = run_page(PAGE, ws)
    assert next(s.value for s in at.success).startswith("No obstacles found")
    assert not at.get("link_button")
