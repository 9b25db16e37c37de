"""`journey-explorer export calls`: the calls view as CSV, with cost columns once costs are saved.

Runs journey_explorer.cli.main in-process on a workspace file built from a generated demo-shaped
call log (the same numbers the app shows come out of the CLI)."""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from helpers import generated_workspace

from journey_explorer import cli, workspace
from journey_explorer.views import calls as calls_view
from journey_explorer.views import costs as costs_view


@pytest.fixture(scope="module")
def ws_path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("calls_cli")
    generated_workspace(folder, 6_000, seed=5).close()
    return folder / "workspace.duckdb"


def export(capsys, *args) -> tuple[int, pd.DataFrame | None, str]:
    code = cli.main(["export", "calls", *map(str, args)])
    out, err = capsys.readouterr()
    return code, pd.read_csv(io.StringIO(out), keep_default_na=False) if code == 0 else None, err


@pytest.mark.parametrize("by", calls_view.GROUPINGS)
def test_export_calls_is_the_view_as_csv(capsys, ws_path, by):
    code, frame, err = export(capsys, "--db", ws_path, "--by", by)
    assert code == 0, err
    assert list(frame.columns) == calls_view.COLUMNS  # no costs saved: no cost columns
    con = workspace.connect(ws_path, read_only=True)
    try:
        want = calls_view.calls(con, by)
    finally:
        con.close()
    assert frame["group"].astype(str).tolist() == want["group"].astype(str).tolist()
    for column in calls_view.COLUMNS[1:]:
        got = pd.to_numeric(frame[column].replace("", None)).astype(float).tolist()
        assert got == pytest.approx(want[column].astype(float).tolist(), nan_ok=True), column


def test_export_calls_adds_cost_columns_once_costs_are_saved(capsys, tmp_path, ws_path):
    path = tmp_path / "with_costs.duckdb"
    path.write_bytes(ws_path.read_bytes())
    con = workspace.connect(path)
    try:
        costs_view.save_costs(con, pd.DataFrame({"period_start": [dt.date(2020, 1, 1)], "period_end": [dt.date(2030, 12, 31)],
                                                 "channel": [None], "campaign": [None], "cost": [1000.0]}))
    finally:
        con.close()
    code, frame, err = export(capsys, "--db", path, "--by", "source")
    assert code == 0, err
    assert list(frame.columns) == calls_view.COLUMNS + calls_view.COST_COLUMNS
    assert frame["cost"].sum() == pytest.approx(1000.0)   # one cost for every call, spread over all of them
    assert frame["cost_per_call"].astype(float).tolist() == pytest.approx([1000.0 / frame["calls"].sum()] * len(frame))
    assert frame["roi"].astype(float).tolist() == pytest.approx((frame["value"] / frame["cost"]).tolist())


def test_export_calls_by_something_unknown_says_what_to_use(capsys, ws_path):
    code, _, err = export(capsys, "--db", ws_path, "--by", "keywrd")
    assert code == 2
    assert err.strip() == ('error: Calls cannot be grouped by "keywrd"; use one of campaign, source, keyword, '
                           'landing_page, tracking_number, hour, weekday. Did you mean "keyword"?')
