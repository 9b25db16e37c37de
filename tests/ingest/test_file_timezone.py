"""Times without a zone are wall-clock times in the file's time zone (load --timezone, default the
workspace's setting); times that say their zone, and epochs, are taken as they say."""
import datetime as dt

import pytest
from helpers import write_csv

from journey_explorer import ingest, rules
from journey_explorer.ingest.read import FileProblem

ROWS = [["u1", "visit", "2024-03-05 10:00:00"],          # winter: Rome is UTC+1
        ["u1", "visit", "2024-07-05 10:00:00"],          # summer: UTC+2
        ["u2", "visit", "2024-03-05T10:00:00Z"],
        ["u2", "visit", "2024-03-05 10:00:00+03:00"],
        ["u3", "visit", "1709632800"]]                    # epoch seconds: 2024-03-05 10:00 UTC


def times(con):
    return [r[0] for r in con.execute("SELECT ts FROM touchpoints ORDER BY origin_row").fetchall()]


def test_zone_less_times_are_read_in_the_files_zone(con, tmp_path):
    path = write_csv(tmp_path / "log.csv", ["user_id", "event", "timestamp"], ROWS)
    ingest.load_files(con, [path], timezone="Europe/Rome")
    assert times(con) == [dt.datetime(2024, 3, 5, 9), dt.datetime(2024, 7, 5, 8), dt.datetime(2024, 3, 5, 10),
                          dt.datetime(2024, 3, 5, 7), dt.datetime(2024, 3, 5, 10)]


def test_typed_zone_less_column_and_the_workspace_default(con, tmp_path):
    # Every value zone-less: the reader types the column as TIMESTAMP (the native path).
    path = write_csv(tmp_path / "log.csv", ["user_id", "event", "timestamp"], [ROWS[0], ROWS[1]])
    rules.set_setting(con, "timezone", "America/New_York")
    ingest.load_files(con, [path])
    assert times(con) == [dt.datetime(2024, 3, 5, 15), dt.datetime(2024, 7, 5, 14)]


def test_utc_by_default_and_an_unknown_zone_refused_plainly(con, tmp_path):
    path = write_csv(tmp_path / "log.csv", ["user_id", "event", "timestamp"], ROWS)
    with pytest.raises(FileProblem, match="not a time zone.*Europe/Rome"):
        ingest.load_files(con, [path], timezone="Europe/Roma")
    ingest.load_files(con, [path])
    assert times(con)[:2] == [dt.datetime(2024, 3, 5, 10), dt.datetime(2024, 7, 5, 10)]


def test_a_remap_reads_the_times_in_the_zone_of_the_load_unless_told_another(con, tmp_path):
    from journey_explorer.ingest.layouts import Mapping

    path = write_csv(tmp_path / "log.csv", ["user_id", "event", "timestamp"], ROWS)
    ingest.load_files(con, [path], timezone="Europe/Rome")
    loaded = times(con)
    mapping = Mapping.from_json(con.execute("SELECT mapping FROM loads").fetchall()[0][0])
    assert con.execute("SELECT mapping->>'timezone' FROM loads").fetchall() == [("Europe/Rome",)]
    # The workspace's zone changing afterwards does not move the file's times on a remap.
    rules.set_setting(con, "timezone", "America/New_York")
    ingest.remap_file(con, "log.csv", mapping)
    assert times(con) == loaded
    ingest.remap_file(con, "log.csv", mapping, timezone="UTC")
    assert times(con)[:2] == [dt.datetime(2024, 3, 5, 10), dt.datetime(2024, 7, 5, 10)]
    assert con.execute("SELECT mapping->>'timezone' FROM loads").fetchall() == [("UTC",)]
    with pytest.raises(FileProblem, match="not a time zone"):
        ingest.remap_file(con, "log.csv", mapping, timezone="Mars/Olympus")


def test_a_load_without_a_zone_remembers_the_workspaces_zone_of_the_time(con, tmp_path):
    path = write_csv(tmp_path / "log.csv", ["user_id", "event", "timestamp"], ROWS)
    rules.set_setting(con, "timezone", "Asia/Tokyo")
    ingest.load_files(con, [path])
    assert con.execute("SELECT mapping->>'timezone' FROM loads").fetchall() == [("Asia/Tokyo",)]
