"""The next-step and obstacles commands, through journey_explorer.cli.main on a real workspace."""
from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd
import pytest
from helpers import write_csv

from journey_explorer import cli, workspace
from journey_explorer.views import next_step
from journey_explorer.views.obstacles import COLUMNS

T0 = dt.datetime(2024, 5, 6, 9, 0)
# 35 customers home → product → cart, 5 home → product, 20 home → search.
JOURNEYS = [["home", "product", "cart"]] * 35 + [["home", "product"]] * 5 + [["home", "search"]] * 20


@pytest.fixture
def ws(tmp_path):
    rows = [[f"u{i:03d}", step, (T0 + dt.timedelta(hours=i, minutes=j)).strftime("%Y-%m-%dT%H:%M:%SZ"), f"s{i}"]
            for i, steps in enumerate(JOURNEYS) for j, step in enumerate(steps)]
    events = write_csv(tmp_path / "events.csv", ["user_id", "event", "timestamp", "session_id"], rows)
    path = tmp_path / "ws.duckdb"
    assert cli.main(["load", str(events), "--db", str(path)]) == 0
    return path


def run(capsys, *args) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_next_after_two_steps(ws, capsys):
    code, out, _ = run(capsys, "export", "next", "--db", ws, "--after", "home>product")
    assert code == 0
    frame = pd.read_csv(io.StringIO(out))
    assert list(frame.columns) == ["next", "next_name", "probability", "support", "context", "context_names"]
    assert frame.to_dict("list") == {"next": ["cart", "(left)"], "next_name": ["cart", "(left)"],
                                     "probability": [35 / 40, 5 / 40], "support": [40, 40],
                                     "context": ["home > product"] * 2, "context_names": ["home → product"] * 2}


def test_export_next_top_sums_the_rest_up_and_backs_off(ws, capsys):
    code, out, _ = run(capsys, "export", "next", "--db", ws, "--after", "search>product", "--top", "1")
    assert code == 0
    frame = pd.read_csv(io.StringIO(out))
    # search > product never happened: the last step alone (40 times) is used.
    assert frame.to_dict("list") == {"next": ["cart", "Other"], "next_name": ["cart", "Other"],
                                     "probability": [35 / 40, 5 / 40], "support": [40, 40],
                                     "context": ["product", "product"], "context_names": ["product", "product"]}


def test_export_next_needs_after(ws, capsys):
    code, _, err = run(capsys, "export", "next", "--db", ws)
    assert code == 2 and "--after" in err and "Traceback" not in err


def test_evaluate_next_json_is_the_core_numbers(ws, capsys):
    code, out, _ = run(capsys, "evaluate-next", "--db", ws, "--json")
    assert code == 0
    got = json.loads(out)
    con = workspace.connect(ws, read_only=True)
    try:
        assert got == next_step.evaluate_next(con)
    finally:
        con.close()
    assert set(next_step.SCORES) | {"predictions"} <= set(got)
    assert got["predictions"] > 0 and 0 <= got["top1"] <= got["top3"] <= 1
    code, text, _ = run(capsys, "evaluate-next", "--db", ws)
    assert code == 0 and text.startswith("Tested on ") and f"predictions          {got['predictions']}" in text


def test_export_obstacles(ws, capsys):
    code, out, _ = run(capsys, "export", "obstacles", "--db", ws, "--period", "week")
    assert code == 0
    named = COLUMNS[:COLUMNS.index("step") + 1] + ["step_name"] + COLUMNS[COLUMNS.index("step") + 1:]
    assert out.splitlines()[0] == ",".join(named)     # 60 customers in one week: nothing to compare
    code, _, err = run(capsys, "export", "obstacles", "--db", ws, "--period", "day")
    assert code == 2 and "week or month" in err
