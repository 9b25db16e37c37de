"""AppTest tests of the Funnels page (the page file run directly, see TESTING.md)."""
import json
from pathlib import Path

import pyarrow as pa
import pytest
from page_helpers import run_linked, run_page

from journey_explorer import names
from journey_explorer.ui.state import Workspace
from journey_explorer.views import flows, funnels

FUNNELS = str(Path(__file__).resolve().parents[2] / "pages" / "funnels.py")


@pytest.fixture
def ws(full_ws):
    return full_ws


@pytest.fixture
def demo(demo_ws):
    return Workspace(key="funnels-demo", label="Test workspace", read_only=True, con=demo_ws)


def funnel_table(at):
    return next(d.value for d in at.dataframe if "conversion_from_start" in d.value.columns)


def test_funnels_opens_with_the_most_common_path_to_a_conversion(demo):
    at = run_page(FUNNELS, demo)
    steps = funnels.default_steps(demo.con)
    assert len(steps) >= 2 and not set(steps) & set(flows.TECHNICAL_EVENTS)
    assert at.multiselect(key="funnel_steps_touchpoint").value == steps
    assert not at.info                                   # no "pick two steps": a funnel is drawn
    expected = funnels.funnel(demo.con, steps, 7 * 86400)
    assert funnel_table(at)["customers"].tolist() == expected["customers"].tolist()
    assert expected["customers"].iloc[-1] > 0
    chart = at.get("vega_lite_chart")[0]
    drawn = pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_pandas()
    assert drawn["label"].tolist() == [f"{i}. {names.readable(s)}" for i, s in enumerate(steps, start=1)]
    # the most common path: no other way to a first conversion is taken by more customers
    paths = funnels.common_paths(demo.con, top=20)
    assert list(paths["steps"].iloc[0]) == steps and paths["customers"].is_monotonic_decreasing
    # another dimension opens on its own most common path
    at.selectbox(key="funnel_by").set_value("stage").run()
    assert at.multiselect(key="funnel_steps_stage").value == funnels.default_steps(demo.con, "stage")


def test_funnels_counts_the_steps_picked(ws):
    at = run_page(FUNNELS, ws)
    nodes = flows.node_counts(ws.con)["node"].tolist()[:3]
    at.multiselect(key="funnel_steps_touchpoint").set_value(nodes).run()
    expected = funnels.funnel(ws.con, nodes, 7 * 86400)
    assert funnel_table(at)["customers"].tolist() == expected["customers"].tolist()
    at.selectbox(key="funnel_window").set_value("1 hour").run()
    assert funnel_table(at)["customers"].tolist() == funnels.funnel(ws.con, nodes, 3600)["customers"].tolist()
    at.multiselect(key="funnel_steps_touchpoint").set_value(nodes[:1]).run()
    assert any("Pick at least two steps" in i.value for i in at.info)
    at.run()   # an emptied funnel stays empty: the default is for a first visit only
    assert any("Pick at least two steps" in i.value for i in at.info)


def test_funnels_shows_what_drop_offs_did_next(ws):
    at = run_page(FUNNELS, ws)
    steps = flows.node_counts(ws.con)["node"].tolist()[:3]
    at.multiselect(key="funnel_steps_touchpoint").set_value(steps).run()
    at.selectbox(key="funnel_dropoff_step").set_value(2).run()
    table = next(d.value for d in at.dataframe if "next" in d.value.columns)
    assert table["customers"].tolist() == funnels.dropoffs_next(ws.con, steps, 2)["customers"].tolist()


def test_funnel_time_to_convert_and_chart_downloads(ws):
    nodes = flows.node_counts(ws.con)["node"].tolist()
    completed = [(a, b) for a in nodes for b in nodes if a != b and len(funnels.time_to_convert(ws.con, [a, b]))]
    assert completed, "the fixture has journeys that go through two steps"
    steps = list(completed[0])
    at = run_page(FUNNELS, ws)
    at.multiselect(key="funnel_steps_touchpoint").set_value(steps).run()
    done = funnels.time_to_convert(ws.con, steps, 7 * 86400)
    assert any(f"How long the {len(done):,} customers" in c.value for c in at.caption)
    keys = {b.key for b in at.get("download_button")}
    assert {"funnel_png", "funnel_html", "funnel_csv", "time_to_convert_png"} <= keys


def test_funnel_table_reads_as_a_person_would(demo):
    at = run_page(FUNNELS, demo)
    table = next(d for d in at.dataframe if "conversion_from_start" in d.value.columns)
    spec = json.loads(table.proto.columns)
    assert spec["median_seconds_from_previous"]["label"] == "Median time from the step before"
    assert spec["name"] == {"hidden": True} and spec["step_name"]["label"] == "Name"
    shown = str(table.proto.arrow_data.styler.display_values)
    assert "None" not in shown and "nan" not in shown.lower()
    for unit in ("second", "minute", "hour", "day"):
        if unit in shown:
            break
    else:
        pytest.fail("the median times are written with a unit")


def test_a_link_opens_the_same_funnel(ws):
    steps = flows.node_counts(ws.con)["node"].tolist()[:2]
    at = run_linked(FUNNELS, ws, {"funnel_by": "touchpoint", "funnel_window": "1 day",
                                  "funnel_steps_touchpoint": steps})
    assert at.multiselect(key="funnel_steps_touchpoint").value == steps
    assert at.selectbox(key="funnel_window").value == "1 day"
    assert funnel_table(at)["customers"].tolist() == funnels.funnel(ws.con, steps, 86400)["customers"].tolist()
    assert at.query_params["funnel_steps_touchpoint"] == steps
