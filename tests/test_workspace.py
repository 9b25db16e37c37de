"""Opening workspaces: many sessions at once, old versions, and a file another program holds."""
from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from helpers import cli, write_csv

from journey_explorer import db, ingest, recovery, rules, workspace
from journey_explorer.views import tables

HEADER = ["customer_id", "event", "occurred_at", "campaign"]


def event_file(folder, n: int, rows: int = 30):
    """A small event log of its own (distinct content, so never refused as already loaded)."""
    return write_csv(folder / f"events{n}.csv", HEADER,
                     [[f"F{n}-C{i % 7}", "page_view" if i % 3 else "purchase", f"2024-03-{1 + i % 28:02d} 10:{n:02d}:00",
                       f"campaign {n}"] for i in range(rows)])


def stamp(path):
    return [(f.stat().st_size, f.stat().st_mtime_ns) if f.exists() else None
            for f in (path, recovery.wal_file(path))]


def at_once(count: int, work) -> list[str]:
    """Run work(i) in `count` threads released together; the errors they raised."""
    errors, start = [], threading.Barrier(count)

    def run(i):
        start.wait()
        try:
            work(i)
        except Exception as exc:  # noqa: BLE001 - the test reports every one
            errors.append(f"{type(exc).__name__}: {exc}")
    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return errors


def holding(path) -> str:
    """A program that opens the workspace, says so, and keeps it open (as `serve` does)."""
    return ("import time\nfrom journey_explorer import workspace\n"
            f"con = workspace.connect({str(path)!r})\nprint('ready', flush=True)\ntime.sleep(120)\n")


def test_opening_a_current_workspace_writes_nothing(tmp_path):
    path = tmp_path / "workspace.duckdb"
    con = workspace.connect(path)
    ingest.load_files(con, [event_file(tmp_path, 1)])
    con.close()
    before = stamp(path)
    assert before[1] is None  # closed cleanly: no WAL
    first, second = workspace.connect(path), workspace.connect(path)
    assert db.stored_schema_version(first) == db.schema_version()
    assert len(tables.touchpoints(db.cursor(second))) == 30
    assert recovery.wal_file(path).exists() is False  # nothing written, so nothing logged
    first.close()
    second.close()
    assert stamp(path) == before


@pytest.mark.parametrize("new", [False, True])
def test_twenty_sessions_open_one_workspace_at_once(tmp_path, new):
    path = tmp_path / "workspace.duckdb"
    if not new:
        workspace.connect(path).close()
    held = []
    errors = at_once(20, lambda i: held.append(workspace.connect(path)))
    assert errors == []
    assert {db.stored_schema_version(db.cursor(c)) for c in held} == {db.schema_version()}
    for c in held:
        c.close()


def test_sessions_loading_into_one_workspace_at_once_all_land(tmp_path):
    path = tmp_path / "workspace.duckdb"
    base = workspace.connect(path)
    files = [event_file(tmp_path, n) for n in range(6)]
    errors = at_once(6, lambda i: ingest.load_files(db.cursor(workspace.connect(path)), [files[i]]))
    assert errors == []
    loads = tables.loads(base)
    assert sorted(loads["file"]) == sorted(f.name for f in files)
    assert len(tables.touchpoints(base)) == 6 * 30
    base.close()


def test_an_older_workspace_is_migrated_when_opened_even_read_only(tmp_path):
    path = tmp_path / "workspace.duckdb"
    con = workspace.connect(path)
    ingest.load_files(con, [event_file(tmp_path, 1)])
    con.execute("DELETE FROM settings WHERE key = 'schema_version'")  # as made before the stamp
    con.execute("DROP TABLE step_nodes")  # a derived table an older version did not have
    con.close()
    con = workspace.connect(path, read_only=True)
    assert db.stored_schema_version(con) == db.schema_version()
    assert db.has_table(con, "step_nodes") and len(tables.touchpoints(con)) == 30
    con.close()


def test_a_workspace_in_another_programs_hands_is_read_from_a_copy_and_never_written(tmp_path):
    path = tmp_path / "workspace.duckdb"
    con = workspace.connect(path)
    ingest.load_files(con, [event_file(tmp_path, 1)])
    con.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", holding(path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        started = time.perf_counter()
        load = cli("load", event_file(tmp_path, 2), "--db", path)
        assert load.returncode == 2
        message = load.stderr.strip()
        assert len(message.splitlines()) == 1 and "Traceback" not in message
        assert "workspace.duckdb is in use by another program" in message and str(holder.pid) in message
        export = cli("export", "touchpoints", "--db", path)
        assert export.returncode == 0, export.stderr
        assert len(export.stdout.strip().splitlines()) == 1 + 30
        assert "reading a copy of what it had saved" in export.stderr
        assert time.perf_counter() - started < 60
    finally:
        holder.kill()
        holder.wait()
    con = workspace.connect(path)
    assert len(tables.loads(con)) == 1  # the refused load left nothing behind
    con.close()


def test_the_app_side_gets_a_plain_sentence_when_the_cli_holds_the_workspace(tmp_path):
    path = tmp_path / "workspace.duckdb"
    workspace.connect(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", holding(path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(db.DatabaseBusy, match=r"^workspace\.duckdb is in use by another program"):
            workspace.connect(path)
    finally:
        holder.kill()
        holder.wait()


def test_a_workspace_made_before_the_derived_tables_gets_them_when_opened(tmp_path):
    path = tmp_path / "workspace.duckdb"
    con = workspace.connect(path)
    ingest.load_files(con, [event_file(tmp_path, 1)])
    for table in rules.DERIVED_TABLES:
        con.execute(f"DROP TABLE {db.quote_ident(table)}")
    con.close()
    del con
    con = workspace.connect(path, read_only=True)
    assert all(db.has_table(con, t) for t in rules.DERIVED_TABLES)
    con.close()
