"""AppTest tests of the Attribution page (the page file run directly, see TESTING.md), on the
generated demo-shaped workspace: what it draws, tabulates and says is checked against the core."""
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from page_helpers import CALLS, EMAILS, WEB, build, open_ws, run_page

from journey_explorer.ui.state import Workspace
from journey_explorer.views import attribution as A
from journey_explorer.views import costs

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "attribution.py")


@pytest.fixture
def ws(demo_ws):
    return Workspace(key="attribution-pages-demo", label="Test workspace", read_only=True, con=demo_ws)


def chart(at) -> tuple[str, pd.DataFrame]:
    (drawn,) = at.get("vega_lite_chart")
    spec = json.loads(drawn.proto.spec)
    return spec["title"], pa.ipc.open_stream(drawn.proto.datasets[0].data.data).read_pandas()


def table(at) -> pd.DataFrame:
    (frame,) = at.dataframe
    return frame.value


def test_all_seven_models_side_by_side_by_default(ws):
    at = run_page(PAGE, ws)
    summary = A.summarise(ws.con, A.MODELS)
    title, drawn = chart(at)
    assert title == "Conversions credited per channel, by model"
    shown = A.top_groups(summary.credits, "channel")
    assert drawn["model"].tolist() == shown["model"].tolist() == [m for m in A.MODELS for _ in range(len(drawn) // 7)]
    assert drawn["channel"].tolist() == shown["channel"].tolist()
    assert drawn["conversions"].to_numpy() == pytest.approx(shown["conversions"].to_numpy())
    grid = table(at)
    assert grid.columns.tolist() == ["channel", *[A.MODEL_LABELS[m] for m in A.MODELS]]
    for label in grid.columns[1:]:
        assert grid[label].sum() == pytest.approx(summary.totals.conversions)
    captions = [c.value for c in at.caption]
    assert captions[0] == summary.caption
    assert "closed on a call" in captions[0] and "under the data-driven (Markov) model than under last touch" in captions[0]
    assert captions[1] == (f"Conversions credited per channel under each model. Every model shares out the same "
                           f"{summary.totals.conversions:,} conversions, worth {summary.totals.value:,.0f} in total.")
    assert {b.key for b in at.get("download_button")} >= {"attribution_png", "attribution_html", "attribution_csv"}
    assert not at.info and not at.warning


def test_picked_models_campaigns_and_value(ws):
    at = run_page(PAGE, ws)
    at.pills(key="attribution_models").set_value(["last", "shapley"]).run()
    at.selectbox(key="attribution_by").set_value("campaign").run()
    at.segmented_control(key="attribution_measure").set_value("value").run()
    summary = A.summarise(ws.con, ["last", "shapley"], "campaign")
    title, drawn = chart(at)
    assert title == "Value credited per campaign, by model"
    shown = A.top_groups(summary.credits, "campaign")
    assert drawn["campaign"].nunique() == 13 and drawn["campaign"].iloc[-1] == A.OTHER
    assert drawn["value"].to_numpy() == pytest.approx(shown["value"].to_numpy())
    assert at.caption[0].value == summary.caption + (
        " The 12 campaigns with the most credit are shown; the rest are summed as Other.")
    grid = table(at)
    assert grid.columns.tolist() == ["campaign", "Last touch", "Data-driven (Shapley)"]
    assert len(grid) == summary.credits["campaign"].nunique()  # the table keeps every campaign
    assert grid["Last touch"].sum() == pytest.approx(summary.totals.value)
    assert at.number_input(key="attribution_half_life").disabled  # no time decay chosen


def test_lookback_and_half_life_reach_the_core(ws):
    at = run_page(PAGE, ws)
    at.pills(key="attribution_models").set_value(["time_decay", "first"]).run()
    at.number_input(key="attribution_lookback").set_value(7).run()
    at.number_input(key="attribution_half_life").set_value(2.0).run()
    expected = A.credits(ws.con, ["time_decay", "first"], lookback_days=7, half_life_days=2)
    grid = table(at).set_index("channel")
    want = expected.pivot(index="channel", columns="model", values="conversions")
    assert grid["Time decay"].to_dict() == pytest.approx(want["time_decay"].to_dict())
    assert grid["First touch"].to_dict() == pytest.approx(want["first"].to_dict())
    assert want["time_decay"].to_dict() != pytest.approx(A.credits(ws.con, ["time_decay"]).set_index(
        "channel")["conversions"].to_dict())  # the options change the answer


def test_nothing_to_credit_says_what_to_do(ws):
    at = run_page(PAGE, ws, flt_channels=["No such channel"])
    assert [i.value for i in at.info] == ["No conversions match the filters in the sidebar."]
    assert not at.get("vega_lite_chart")
    at = run_page(PAGE, ws, attribution_models=[])
    assert [i.value for i in at.info] == ["Pick at least one model to see who gets the credit."]


def test_return_on_ad_spend_once_costs_are_set(tmp_path):
    ws = open_ws(build(tmp_path, {"web.csv": WEB, "calls.csv": CALLS, "emails.csv": EMAILS}))
    try:
        at = run_page(PAGE, ws)
        assert at.segmented_control(key="attribution_measure").options == ["Conversions", "Value"]
        credits = A.credits(ws.con, list(A.MODELS))
        spent = credits.groupby("channel")["value"].max().idxmax()
        costs.save_costs(ws.con, pd.DataFrame({"period_start": ["2024-03-01"], "period_end": ["2024-03-31"],
                                               "channel": [spent], "campaign": [None], "cost": [20.0]}))
        at = run_page(PAGE, ws)
        at.segmented_control(key="attribution_measure").set_value("roas").run()
        title, drawn = chart(at)
        assert title == "Return on ad spend (value ÷ cost) per channel, by model"
        grid = table(at).set_index("channel")
        for model in A.MODELS:
            value = credits[(credits["model"] == model) & (credits["channel"] == spent)]["value"].iloc[0]
            assert grid.loc[spent, A.MODEL_LABELS[model]] == pytest.approx(value / 20.0)
        assert grid.drop(index=spent).isna().all().all()  # no cost: no return to speak of
    finally:
        ws.con.close()
