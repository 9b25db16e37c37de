import sys

import pandas as pd
import pytest
from helpers import generated_workspace

from journey_explorer import cli, demo
from journey_explorer.bench import peer as bench_peer
from journey_explorer.bench import run as bench


@pytest.fixture
def without_peer(monkeypatch):
    """As CI runs: the `bench` extra (retentioneering) not installed, whatever this venv has."""
    monkeypatch.setitem(sys.modules, "retentioneering", None)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("peer")
    connection = generated_workspace(folder, 5_000, seed=5)
    yield folder, connection
    connection.close()


@pytest.mark.parametrize("shape", bench.SHAPES)
def test_bench_times_the_load_against_raw_read_csv(tmp_path, without_peer, shape):
    result = bench.run(5_000, workdir=tmp_path, progress=lambda message: None, shape=shape)
    assert result["shape"] == shape
    assert abs(result["events"] - 5_000) <= 250
    assert result["touchpoints"] == result["events"]  # generated data has no bad rows
    assert result["baseline_read_csv_seconds"] > 0 and result["load_seconds"] > 0
    ratio = result["load_seconds"] / result["baseline_read_csv_seconds"]  # from rounded seconds
    assert abs(result["load_vs_baseline"] - ratio) < 0.05 + 0.02 * ratio  # a 5,000-row read takes ms
    assert 0 < result["append_seconds"] and result["append_budget_seconds"] >= 2
    assert result["peak_memory_mb"] > 0
    assert list(tmp_path.iterdir()) == []  # generated files are cleaned up
    views = bench.VIEWS if shape == "demo" else bench.PLAIN_VIEWS
    assert {"sankey", "paths", "funnel", "overview"} <= set(views)
    for view in views:
        assert result[f"{view}_seconds"] > 0 and result[f"{view}_vs_baseline"] > 0
        assert result[f"{view}_warm_seconds"] > 0
    if shape == "plain":  # two commands, as a user runs them
        assert result["file_to_sankey_seconds"] > result["load_seconds"]
        assert result["file_to_sankey_vs_baseline"] > result["load_vs_baseline"]


def test_bench_without_the_extra_says_the_peer_was_skipped(without_peer, capsys):
    assert cli.main(["bench", "--events", "2000"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(None, 1) for line in lines if line.startswith("peer")] == [["peer", bench_peer.NOT_INSTALLED]]
    assert "load_seconds" in "\n".join(lines)


@pytest.mark.parametrize("kind", bench_peer.READERS)
def test_peer_frame_is_our_touchpoints_row_for_row(generated, kind):
    folder, con = generated
    name = demo.FILES[kind]
    peer = bench_peer.READERS[kind](folder / name)
    ours = con.execute("SELECT t.touchpoint, t.ts, t.customer_id, e.anchor FROM touchpoints t "
                       "JOIN events e USING (origin_file, origin_row) WHERE origin_file = $f ORDER BY origin_row",
                       {"f": name}).df()
    assert list(peer.columns) == ["user_id", "event", "timestamp"]
    assert len(peer) == len(ours) > 0
    assert peer["event"].tolist() == ours["touchpoint"].tolist()
    assert (peer["timestamp"].to_numpy() == ours["ts"].to_numpy()).all()
    assert peer["user_id"].notna().all()
    pairs = pd.DataFrame({"user": peer["user_id"].to_numpy(), "customer": ours["customer_id"].to_numpy(),
                          "anchor": ours["anchor"].to_numpy()})
    assert pairs.groupby("user")["customer"].nunique().max() == 1  # a peer user is never two of ours
    if kind != "web":  # a call's number and an email's address are our anchors there, one for one
        assert pairs["user"].nunique() == pairs["anchor"].nunique() == len(pairs[["user", "anchor"]].drop_duplicates())


def test_peer_events_hold_the_bench_funnel_steps(generated):
    folder, con = generated
    events = bench_peer.read_events(folder)
    assert len(events) == con.execute("SELECT count(*) FROM touchpoints").fetchall()[0][0]
    counts = events["event"].value_counts()
    ours = dict(con.execute("SELECT touchpoint, count(*) FROM touchpoints WHERE touchpoint IN $steps "
                            "GROUP BY 1", {"steps": bench.FUNNEL_STEPS}).fetchall())
    assert {step: counts.get(step, 0) for step in bench.FUNNEL_STEPS} == ours
    assert all(ours.get(step, 0) > 0 for step in bench.FUNNEL_STEPS)
