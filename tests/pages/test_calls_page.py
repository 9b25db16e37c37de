"""AppTest tests of the Calls page (the page file run directly, see TESTING.md): what it draws and
tabulates is checked against the core, on the generated demo-shaped workspace (read-only, like
the demo) and on a workspace of one's own, where costs and the time zone are saved."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from helpers import generated_workspace
from page_helpers import charts, run_page

from journey_explorer import formats, rules
from journey_explorer import names as plain
from journey_explorer.ui import grids
from journey_explorer.ui.state import Workspace
from journey_explorer.views import calls as calls_view
from journey_explorer.views import costs as costs_view

CALLS = str(Path(__file__).resolve().parents[2] / "pages" / "calls.py")
TITLES = {"Calls by campaign", "Calls by weekday and hour", "Answer rate by weekday and hour",
          "First-time and repeat calls", "How long answered calls last", "Calls per week by channel",
          "Most common website journeys into a call", "The last thing callers did on the website",
          "How long before the call that was", "Callers within a week of an email, per campaign",
          "What callers did in the 30 days after a call"}
COSTS_CSV = b"Start Date;End Date;Channel;Campaign;Spend\n2020-01-01;2030-12-31;paid search;;$1,200.00\n" \
            b"2020-01-01;2030-12-31;;;300\n"


@pytest.fixture
def demo(demo_ws):
    return Workspace(key="calls-page-demo", label="Demo", read_only=True, con=demo_ws)


@pytest.fixture
def own(tmp_path):
    con = generated_workspace(tmp_path, 4_000, seed=8)
    yield Workspace(key=str(tmp_path / "workspace.duckdb"), label="Yours", read_only=False, con=con)
    con.close()




def same(shown: pd.Series, want: pd.Series, kind: str) -> bool:
    """A table column as the page shows it: numbers, or the grid's text where some are missing."""
    if pd.api.types.is_numeric_dtype(shown.dtype):
        return shown.tolist() == pytest.approx(want.tolist(), nan_ok=True)
    return shown.tolist() == [grids.formatter(kind, "USD")(v) for v in want]


def table(at) -> pd.DataFrame:
    return next(f.value for f in at.dataframe if "answer_rate" in f.value.columns)


def test_the_page_draws_the_core_numbers(demo):
    at = run_page(CALLS, demo)
    want = calls_view.calls(demo.con, "campaign", detail=True)
    drawn = charts(at)
    assert set(drawn) == TITLES
    assert len(at.caption) >= len(TITLES) + 2  # every chart and the table say what they show
    shown = table(at)
    hidden = [c for c in ("voicemail", "abandoned") if want[c].sum() == 0]
    pd.testing.assert_frame_equal(shown.reset_index(drop=True), want.drop(columns=hidden), check_dtype=False)
    bars = drawn["Calls by campaign"].pivot_table(index="group", columns="outcome", values="n", aggfunc="sum")
    top = want.nlargest(15, "calls", keep="first").set_index("group")
    assert bars["Answered"].reindex(top.index).tolist() == top["answered"].tolist()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Calls"] == f"{want['calls'].sum():,}"
    assert metrics["Answered"] == formats.percent(want["answered"].sum() / want["calls"].sum())
    assert "Cost per call" not in metrics  # no costs yet
    # Money carries the workspace's currency, as on the Segments page ("$500", not "500").
    assert metrics["Value from calls"] == formats.money(want["value"].sum(), "USD", 0)
    assert metrics["Value from calls"].startswith("$")
    # Steps before a call are said as on the other pages, the counts unchanged.
    report = calls_view.report(demo.con, "campaign")
    said = plain.namer()
    journeys = drawn["Most common website journeys into a call"]
    assert journeys["path"].tolist() == [plain.path_text(p, said, " → ") for p in report.journeys_before["path"]]
    assert journeys["calls"].tolist() == report.journeys_before["calls"].tolist()
    assert not any("page_view" in p or "generate_lead" in p for p in journeys["path"])
    last = drawn["The last thing callers did on the website"]
    assert last["touchpoint"].tolist() == report.last_touchpoints["touchpoint"].map(said).tolist()


def test_grouping_by_weekday_keeps_the_week_in_order(demo):
    at = run_page(CALLS, demo)
    at.selectbox(key="calls_by").set_value("weekday").run()
    assert not at.exception
    shown = table(at)
    assert "Calls by weekday" in charts(at)
    assert shown["group"].tolist() == [d for d in calls_view.WEEKDAYS if d in set(shown["group"])]
    assert shown["calls"].tolist() == calls_view.calls(demo.con, "weekday")["calls"].tolist()


def test_the_time_zone_moves_the_heatmap_and_stays_out_of_the_read_only_workspace(demo):
    at = run_page(CALLS, demo)
    at.selectbox(key="calls_timezone").set_value("Asia/Kolkata").run()
    assert not at.exception
    cells = charts(at)["Calls by weekday and hour"]
    want = calls_view.heatmap(demo.con, timezone="Asia/Kolkata")
    assert cells["calls"].tolist() == want["calls"].tolist()
    assert cells["calls"].tolist() != calls_view.heatmap(demo.con, timezone="UTC")["calls"].tolist()
    assert any("Asia/Kolkata time" in c.value for c in at.caption)
    assert rules.settings(demo.con)["timezone"] == "UTC"


def test_costs_typed_on_the_demo_are_kept_for_the_visit_only(demo):
    at = run_page(CALLS, demo)
    at.session_state["calls_costs_editor_0"] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"period_start": "2020-01-01", "period_end": "2030-12-31", "channel": "Paid Search", "cost": 900.0}]}
    at.run()
    at.button(key="calls_costs_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("Saved 1 cost rows" in s.value for s in at.success)
    saved = costs_view.check_costs(pd.DataFrame({"period_start": ["2020-01-01"], "period_end": ["2030-12-31"],
                                                 "channel": ["Paid Search"], "campaign": [None], "cost": [900.0]}))
    want = calls_view.calls(demo.con, "campaign", costs=saved, detail=True)
    shown = table(at)
    assert shown["cost"].sum() == pytest.approx(900.0) == want["cost"].sum()
    assert same(shown["roi"], want["roi"], "multiple")
    assert {m.label: m.value for m in at.metric}["Cost per call"] == formats.money(900 / want["calls"].sum(), "USD")
    assert costs_view.costs(demo.con).empty  # nothing written to the shared workspace


def test_a_costs_csv_is_saved_in_your_workspace(own):
    at = run_page(CALLS, own)
    at.file_uploader(key="calls_costs_csv_0").set_value(("spend.csv", COSTS_CSV, "text/csv")).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("Loaded 2 cost rows from spend.csv" in s.value for s in at.success)
    saved = costs_view.costs(own.con)
    assert saved["channel"].tolist() == [None, "Paid Search"] and saved["cost"].tolist() == [300.0, 1200.0]
    shown, want = table(at), calls_view.calls(own.con, "campaign", costs=saved, detail=True)
    assert shown["cost"].sum() == pytest.approx(1500.0)
    assert same(shown["cost_per_call"], want["cost_per_call"], "money")
    assert same(shown["cost_per_answered_first_time_call"], want["cost_per_answered_first_time_call"], "money")


def test_a_wrong_costs_file_says_which_row(own):
    at = run_page(CALLS, own)
    bad = b"period_start,period_end,channel,cost\n2024-01-01,2024-01-31,Paid Search,100\n2024-02-01,2024-02-29,Paid Serch,50\n"
    at.file_uploader(key="calls_costs_csv_0").set_value(("spend.csv", bad, "text/csv")).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        'Row 2: "Paid Serch" is not one of the channels (' + ", ".join(costs_view.known_channels(own.con))
        + ').' + ' Did you mean "Paid Search"?']
    assert costs_view.costs(own.con).empty


def test_value_and_cost_per_call_are_in_the_workspace_currency(own):
    rules.set_setting(own.con, "currency", "EUR")
    costs_view.save_costs(own.con, costs_view.check_costs(pd.DataFrame(
        {"period_start": ["2020-01-01"], "period_end": ["2030-12-31"], "channel": [None], "campaign": [None],
         "cost": [600.0]})))
    at = run_page(CALLS, own)
    want = calls_view.calls(own.con, "campaign", costs=costs_view.costs(own.con), detail=True)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Value from calls"] == formats.money(want["value"].sum(), "EUR", 0)
    assert metrics["Cost per call"] == formats.money(600 / want["calls"].sum(), "EUR")
    assert all(metrics[k].startswith("€") for k in ("Value from calls", "Cost per call"))


def test_the_time_zone_is_saved_in_your_workspace(own):
    at = run_page(CALLS, own)
    at.selectbox(key="calls_timezone").set_value("Europe/London").run()
    assert not at.exception
    assert rules.settings(own.con)["timezone"] == "Europe/London"
    assert calls_view.workspace_timezone(own.con) == "Europe/London"


def test_a_workspace_without_calls_says_what_to_do(tmp_path):
    from journey_explorer import workspace
    con = workspace.connect(tmp_path / "empty.duckdb")
    try:
        at = run_page(CALLS, Workspace(key="empty", label="Empty", read_only=False, con=con))
        assert [i.value for i in at.info] == [("No calls yet. Go to **Data** and drop your call-tracking "
                                               "export (a call log).")]
    finally:
        con.close()
