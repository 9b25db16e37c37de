"""AppTest tests of the Next step page (the page file run directly, see TESTING.md) on the generated
demo-shaped workspace: what it predicts and the evaluation it shows are the core's."""
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from page_helpers import build, open_ws, run_page

from journey_explorer import names as plain
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
    assert drawn["next"].tolist() == [plain.readable(n) for n in expected["next"]]
    assert drawn["probability"].tolist() == pytest.approx(expected["probability"].tolist())
    shown = at.dataframe[0].value
    assert shown["support"].tolist() == expected["support"].tolist()
    assert any(f"from the {int(expected['support'].iloc[0]):,} times customers did {plain.readable(last)}" in c.value
               for c in at.caption)
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
    assert any(f"happened fewer than {MIN_SUPPORT} times" in i.value and plain.path_text(used, plain.readable) in i.value
               for i in at.info)
    at.selectbox(key="next_earlier").set_value(names[1]).run()
    assert not at.exception
    at.selectbox(key="next_before").set_value(None).run()
    assert any("Pick the step before as well" in c.value for c in at.caption)
    assert at.dataframe[0].value["context"].iloc[0] == plain.path_text(predict_next(ws.con, [names[0]])["context"].iloc[0],
                                                                        plain.readable)


def test_raw_ga4_events_are_offered_and_shown_by_their_readable_names(tmp_path):
    """A GA4-style export: the step pickers, chart and table say "Viewed a product", never view_item,
    while what is asked of the data is still the raw event."""
    lines = ["user_pseudo_id,event_name,event_timestamp,page_location"]
    for c in range(MIN_SUPPORT * 2):
        steps = ["page_view", "view_item", "add_to_cart"] + (["begin_checkout", "purchase"] if c % 2 else [])
        steps += ["Viewed Product"] if c % 5 == 0 else []     # a second tool's name for the same action
        lines += [f"{c},{e},2024-03-{1 + c % 28:02d} {c % 24:02d}:{i:02d}:00,https://shop.example.com/shop" for i, e in enumerate(steps)]
    ws = open_ws(build(tmp_path, {"ga4.csv": "\n".join(lines) + "\n"}))
    try:
        at = run_page(PAGE, ws)
        assert not at.exception
        picker = at.selectbox(key="next_last")
        assert {"Added to cart", "Started checkout", "Purchased"} <= set(picker.options)
        assert not {"view_item", "add_to_cart", "Viewed a product"} & set(picker.options)
        # Two raw events with one readable name are told apart by the raw one.
        assert {"Viewed a product (view_item)", "Viewed a product (Viewed Product)"} <= set(picker.options)
        at.selectbox(key="next_last").set_value("view_item").run()
        assert not at.exception
        expected = predict_next(ws.con, ["view_item"], top=10)
        drawn = chart_data(at, "What customers did next")
        assert drawn["next"].tolist() == [plain.readable(n) for n in expected["next"]]   # no clash among these
        assert "Added to cart" in drawn["next"].tolist()
        table = at.dataframe[0].value
        assert not {"view_item", "add_to_cart"} & set(table["next"])
        assert table["context"].iloc[0] == "Viewed a product (view_item)"
        assert any("times customers did Viewed a product (view_item)" in c.value for c in at.caption)
    finally:
        ws.con.close()


def test_an_empty_workspace_says_where_to_start(tmp_path):
    ws = open_ws(build(tmp_path, {}))
    try:
        at = run_page(PAGE, ws)
        assert [i.value for i in at.info] == ["No touchpoints yet. Go to **Data** and drop your web, call or email exports."]
    finally:
        ws.con.close()


def test_the_journeys_page_says_what_customers_did_next_after_a_picked_step(ws):
    journeys = str(Path(PAGE).with_name("journeys.py"))
    at = run_page(journeys, ws)
    node = "page_view /pricing"
    at.selectbox(key="journeys_customers_node").set_value(node).run()
    assert not at.exception
    names = flows.node_counts(ws.con, groups=flows.DEFAULT_GROUPS)["node"].tolist()
    after = count_next_after(ws.con, node, exclude=flows.technical_in(names), groups=flows.DEFAULT_GROUPS)
    said = plain.namer()   # the page says steps by their readable names
    readable = after.assign(next=[n if n in ("Other", "(left)") else said(n) for n in after["next"]])
    assert next_after_sentence(readable, said(node)) in [t.value for t in at.text]
    assert chart_data(at, f"What customers did right after {said(node)}")["customers"].tolist() == \
        after["customers"].tolist()
