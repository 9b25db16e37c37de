"""AppTest tests of the Next step page (the page file run directly, see TESTING.md) on the generated
demo-shaped workspace: what it predicts and the evaluation it shows are the core's."""
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from page_helpers import build, open_ws, run_page

from journey_explorer.ui.state import Workspace
from journey_explorer.views import flows
from journey_explorer.views.next_step import (ANY_STEP, MIN_SUPPORT, count_next_after, evaluate_next,
                                              next_after_sentence, predict_next)

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "next_step.py")


@pytest.fixture
def ws(demo_ws):
    return Workspace(key="next-step-page-demo", label="Test workspace", read_only=True, con=demo_ws)


def steps_offered(con) -> list[str]:
    names = flows.node_counts(con, "touchpoint")["node"].tolist()
    return [n for n in names if n not in flows.technical_in(names)]


def chart_data(at, title: str) -> pd.DataFrame:
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        if spec.get("title") == title:
            return pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_pandas()
    raise AssertionError(f"no chart titled {title!r}")


def test_the_page_predicts_after_the_most_common_step_and_shows_the_evaluation(ws):
    at = run_page(PAGE, ws)
    last = steps_offered(ws.con)[0]
    assert at.selectbox(key="next_last").value == last
    expected = predict_next(ws.con, [last], top=10)
    drawn = chart_data(at, "What customers did next")
    assert drawn["next"].tolist() == expected["next"].tolist()
    assert drawn["probability"].tolist() == pytest.approx(expected["probability"].tolist())
    shown = at.dataframe[0].value
    assert shown["support"].tolist() == expected["support"].tolist()
    assert any(f"from the {int(expected['support'].iloc[0]):,} times customers did {last}" in c.value for c in at.caption)
    result = evaluate_next(ws.con)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["First guess right"] == f"{result['top1']:.0%}"
    assert metrics["Right within three guesses"] == f"{result['top3']:.0%}"
    assert metrics["Next steps tested"] == f"{result['predictions']:,}"
    assert chart_data(at, "How often the guess was right")["right"].max() == pytest.approx(result["top3"])


def test_a_rare_journey_says_which_shorter_one_it_used(ws):
    names = steps_offered(ws.con)
    at = run_page(PAGE, ws)
    # A step that came right before the most common one fewer than MIN_SUPPORT times.
    rare = next(n for n in reversed(names) if predict_next(ws.con, [n, names[0]])["context"].iloc[0] != f"{n} > {names[0]}")
    at.selectbox(key="next_before").set_value(rare).run()
    used = predict_next(ws.con, [rare, names[0]])["context"].iloc[0]
    assert used in (names[0], ANY_STEP)
    assert any(f"happened fewer than {MIN_SUPPORT} times" in i.value and used in i.value for i in at.info)
    at.selectbox(key="next_earlier").set_value(names[1]).run()
    assert not at.exception
    at.selectbox(key="next_before").set_value(None).run()
    assert any("Pick the step before as well" in c.value for c in at.caption)
    assert at.dataframe[0].value["context"].iloc[0] == predict_next(ws.con, [names[0]])["context"].iloc[0]


def test_an_empty_workspace_says_where_to_start(tmp_path):
    ws = open_ws(build(tmp_path, {}))
    try:
        at = run_page(PAGE, ws)
        assert [i.value for i in at.info] == ["No touchpoints yet. Go to **Data** and drop your web, call or email exports."]
    finally:
        ws.con.close()


def test_the_journeys_page_says_what_customers_did_next_after_a_picked_step(ws):
    """Needs the Journeys page snippet of issue 14 (count_next_after under "Customers behind a step")."""
    journeys = str(Path(PAGE).with_name("journeys.py"))
    at = run_page(journeys, ws)
    node = "page_view /pricing"
    at.selectbox(key="journeys_customers_node").set_value(node).run()
    assert not at.exception
    names = flows.node_counts(ws.con, groups=flows.DEFAULT_GROUPS)["node"].tolist()
    after = count_next_after(ws.con, node, exclude=flows.technical_in(names), groups=flows.DEFAULT_GROUPS)
    assert next_after_sentence(after, node) in [m.value for m in at.markdown]
    assert chart_data(at, f"What customers did right after {node}")["customers"].tolist() == after["customers"].tolist()
