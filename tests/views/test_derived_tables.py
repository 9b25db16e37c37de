"""The tables built with touchpoints (rules.DERIVED_TABLES) so that Calls, Attribution and
Obstacles open without sorting every journey: on demo-shaped data, every view reads the same
from them as it reads computing everything from the touchpoints, an append rebuilds only its
customers' rows and gives what a whole rebuild gives, and a workspace without them still works."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from journey_explorer import db, demo, ingest, rules, workspace
from journey_explorer.filters import Filters
from journey_explorer.rules import DERIVED_TABLES, derived
from journey_explorer.views import attribution, calls, next_step, obstacles

# A filter that keeps every touchpoint (the demo starts in 2024) but is not empty: the views then
# compute everything from `scope`, the way they do for any filtered view.
EVERYTHING = Filters(date_from=dt.date(2000, 1, 1))


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory):
    return demo.write_events(tmp_path_factory.mktemp("files"), 12_000, seed=5)


@pytest.fixture(scope="module")
def con(tmp_path_factory, demo_files):
    connection = workspace.connect(tmp_path_factory.mktemp("ws") / "workspace.duckdb")
    ingest.load_files(connection, list(demo_files.values()))
    yield connection
    connection.close()


def frames(value) -> dict:
    if dataclasses.is_dataclass(value):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    return {"frame": value}


def assert_same(left, right) -> None:
    for name, frame in frames(left).items():
        other = frames(right)[name]
        if isinstance(frame, pd.DataFrame):
            pd.testing.assert_frame_equal(frame.reset_index(drop=True), other.reset_index(drop=True),
                                          check_exact=False, rtol=1e-9, obj=name)
        else:
            assert frame == other, name


def test_the_demo_has_what_the_views_count(con):
    sizes = {t: db.scalar(con, "model/totals") and con.table(t).count("*").fetchall()[0][0] for t in DERIVED_TABLES}
    assert all(sizes.values()), sizes
    assert derived(con, "call_rows") and not derived(con, "call_rows", EVERYTHING)
    kinds = dict(con.sql("SELECT kind, count(*) FROM touchpoints GROUP BY kind").fetchall())
    assert sizes["call_rows"] == kinds["call"]


def test_attribution_reads_the_same_from_its_journeys_table(con):
    for models in (list(attribution.MODELS), ["shapley"], ["first", "linear"], ["markov"]):
        whole = attribution.credits(con, models, "channel")
        assert_same(whole, attribution.credits(con, models, "channel", filters=EVERYTHING))
        assert whole["conversions"].sum() == pytest.approx(len(models) * attribution.conversion_totals(con).conversions)


def test_obstacles_read_the_same_from_the_visible_steps(con):
    for period in obstacles.PERIODS:
        counts, scanned = obstacles.count_obstacles(con, period), obstacles.count_obstacles(con, period, EVERYTHING)
        for name in ("steps", "errors", "exit_baseline", "stats"):
            pd.testing.assert_frame_equal(getattr(counts, name), getattr(scanned, name), obj=name)
        assert counts.periods.equals(scanned.periods)
        assert not counts.steps.empty
    # the temp tables are gone and the view over visible_steps is unregistered
    assert not db.has_table(con, "obstacle_units") and not db.has_table(con, "obstacle_steps")


def test_the_next_step_evaluation_reads_the_same_from_the_visible_steps(con):
    result = next_step.evaluate_next(con)
    assert result == next_step.evaluate_next(con, EVERYTHING)
    assert result["predictions"] > 1000 and result["top3"] > result["top1"] > 0


def test_calls_read_the_same_around_each_call_as_searching_the_journeys(con):
    report = calls.report(con, "campaign")
    assert report.total_calls > 100
    # the page's windows, read from call_rows, against the searches other windows use
    db.run(con, "views/calls/web_before")
    searched = db.frame(con, "views/calls/paths_before", steps=3, days=7, top=10,
                        none=calls.NO_WEB_IN_DAYS.format(days=7))
    pd.testing.assert_frame_equal(report.journeys_before, searched.assign(path=searched["path"].map(calls.mask_pii)))
    pd.testing.assert_frame_equal(report.after, db.frame(con, "views/calls/after", days=30))
    email = db.frame(con, "views/calls/after_email", days=7)
    pd.testing.assert_frame_equal(db.frame(con, "views/calls/after_email_default"), email)
    assert report.after["calls"].iloc[:4].sum() > 0 and email["callers"].iloc[0] > 0
    # every call in scope whatever the filter keeps the same facts
    assert_same(report, calls.report(con, "campaign", EVERYTHING))


def test_views_work_on_a_workspace_made_before_the_tables(con):
    expected = (calls.report(con, "keyword"), attribution.credits(con, list(attribution.MODELS)),
                obstacles.obstacle_report(con, "week"))
    with db.rolled_back(con):
        for table in DERIVED_TABLES:
            db.drop_table(con, table)
        assert not derived(con, "call_rows")
        assert_same(expected[0], calls.report(con, "keyword"))
        assert_same(expected[1], attribution.credits(con, list(attribution.MODELS)))
        assert_same(expected[2], obstacles.obstacle_report(con, "week"))


# Each table as text; credits one row each, to 9 decimals (sums of decays differ in the last bits
# with the order DuckDB adds them in).
SNAPSHOTS = {table: f"SELECT COLUMNS(*)::VARCHAR FROM {table}" for table in DERIVED_TABLES} | {
    "attribution_journeys": """SELECT customer_id, conversion_step, value, path::VARCHAR AS path,
                                      c.grp, [round(c.first, 9), round(c.last, 9), round(c.linear, 9),
                                       round(c.time_decay, 9), round(c.position, 9)]::VARCHAR AS shares
                               FROM (SELECT *, unnest(coalesce(credits, [NULL])) AS c FROM attribution_journeys)"""}


def snapshot(con) -> dict[str, pd.DataFrame]:
    out = {}
    for table, sql in SNAPSHOTS.items():
        frame = con.sql(sql).df()
        out[table] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
    return out


def salted(path):
    """A workspace with a fixed salt, so customer ids compare across workspaces."""
    connection = workspace.connect(path)
    connection.execute("UPDATE settings SET value = 'fixed' WHERE key = 'id_salt'")
    return connection


def test_an_append_rebuilds_its_customers_rows_as_a_whole_rebuild_would(tmp_path, demo_files):
    # The calls come second: they stitch to customers of the web and email files by phone.
    first, second = [demo_files["web"], demo_files["emails"]], [demo_files["calls"]]
    together = salted(tmp_path / "together.duckdb")
    ingest.load_files(together, first + second)
    appended = salted(tmp_path / "appended.duckdb")
    ingest.load_files(appended, first)
    before = snapshot(appended)
    ingest.load_files(appended, second)
    after = snapshot(appended)
    expected = snapshot(together)
    for table in DERIVED_TABLES:
        pd.testing.assert_frame_equal(after[table], expected[table], obj=table)
    assert len(after["call_rows"]) > 0 == len(before["call_rows"])
    assert not after["attribution_journeys"].equals(before["attribution_journeys"])
    together.close()
    appended.close()


def test_a_build_in_slices_of_customers_equals_one_in_a_piece(con, monkeypatch):
    whole = snapshot(con)
    monkeypatch.setattr(rules, "DERIVED_SLICE_ROWS", 2_000)   # the demo's ~12,000 rows in 6 or 7
    with db.rolled_back(con):
        rules.build_derived(con)
        sliced = snapshot(con)
    for table in DERIVED_TABLES:
        pd.testing.assert_frame_equal(sliced[table], whole[table], obj=table)
