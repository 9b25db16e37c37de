"""After a kill -9 in the middle of a load, the next open tidies up and nothing saved is lost."""
from __future__ import annotations

import gzip
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import duckdb
from helpers import generated_workspace, write_csv

from journey_explorer import demo, ingest, recovery, workspace
from journey_explorer.views import tables

KILL_TIMEOUT = 240  # s: the load must reach the point where it spills to disk within this


def contents(con) -> tuple:
    """What the workspace holds, to compare before and after: loads, and a checksum of every row."""
    return (tables.loads(con).to_json(date_format="iso"),
            con.sql("SELECT count(*), sum(hash(customer_id, ts, touchpoint, origin_row)) FROM touchpoints").fetchall())


def _size(file) -> int:
    try:
        return file.stat().st_size
    except FileNotFoundError:  # a spill file DuckDB just removed
        return 0


def spill_files(path):
    folder = recovery.spill_folder(path)
    return sorted(folder.glob("duckdb_temp_*")) if folder.is_dir() else []


def plain_copies(files: dict) -> list:
    """The generated exports uncompressed: a big plain CSV makes the load spill under a small budget."""
    out = []
    for path in files.values():
        if path.suffix == ".gz":
            plain = path.with_suffix("")
            with gzip.open(path) as src, open(plain, "wb") as dst:
                shutil.copyfileobj(src, dst)
            path = plain
        out.append(path)
    return out


def load_and_kill_when_spilling(path, files) -> int:
    """A `load` in a process of its own with a 250 MB budget, killed with SIGKILL once it has
    written rows into the file and DuckDB has spill files on disk (mid-load, its transaction
    open); returns the dead process's id."""
    code = ("import sys\nfrom journey_explorer import workspace, ingest\n"
            f"con = workspace.connect({str(path)!r})\n"
            f"ingest.load_files(con, {[str(f) for f in files]!r})\n"
            "print('finished', flush=True)\n")
    env = {**os.environ, "JOURNEY_EXPLORER_MEMORY": "250MB"}
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    deadline, size = time.monotonic() + KILL_TIMEOUT, path.stat().st_size
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if path.stat().st_size > size + 1_000_000 and sum(map(_size, spill_files(path))) > 1_000_000:
                break
            time.sleep(0.02)
        assert proc.poll() is None, f"the load ended ({proc.returncode}) before it spilled: {proc.stdout.read()}"
        assert time.monotonic() < deadline, "the load did not spill within the time allowed"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    return proc.pid


def test_a_load_killed_mid_way_is_tidied_up_and_nothing_saved_is_lost(tmp_path, caplog):
    con = generated_workspace(tmp_path, 300_000, seed=5)
    before = contents(con)
    con.close()
    del con
    path = tmp_path / "workspace.duckdb"
    size = path.stat().st_size
    more = plain_copies(demo.write_events(tmp_path / "more", 300_000, seed=6))
    kept_before = sorted(recovery.kept_folder(path).iterdir())

    dead = load_and_kill_when_spilling(path, more)
    assert len(list(recovery.kept_folder(path).iterdir())) > len(kept_before)  # the dead load's copy
    left = spill_files(path)
    assert left and all(f"_{dead}_" in f.name for f in left)
    assert path.stat().st_size > size + 1_000_000  # what the unfinished load wrote
    spilled = sum(f.stat().st_size for f in left)

    with caplog.at_level(logging.WARNING, logger="journey_explorer.recovery"):
        con = workspace.connect(path)
    note = recovery.pop_note(path)
    assert note and note in caplog.text
    assert "nothing it had saved was lost (3 loaded files" in note
    assert not recovery.wal_file(path).exists() and not recovery.spill_folder(path).exists()
    assert sorted(recovery.kept_folder(path).iterdir()) == kept_before
    assert path.stat().st_size <= size * 1.02  # the unfinished load's space given back
    freed = float(re.search(r"([\d,.]+) MB freed", note)[1].replace(",", ""))
    assert freed >= spilled / 1e6 - 0.1
    assert contents(con) == before
    # Usable as before: a new load lands, and opening again says nothing more.
    ingest.load_files(con, [write_csv(tmp_path / "after.csv", ["customer_id", "event", "occurred_at"],
                                      [["Z-1", "page_view", "2024-06-01 10:00:00"]])])
    assert len(tables.loads(con)) == 4
    con.close()
    del con
    workspace.connect(path).close()
    assert recovery.pop_note(path) is None


def test_spill_files_of_running_processes_are_left_alone(tmp_path):
    path = tmp_path / "workspace.duckdb"
    workspace.connect(path).close()
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    stale = subprocess.Popen([sys.executable, "-c", "pass"])
    stale.wait()
    try:
        folder = recovery.spill_folder(path)
        folder.mkdir()
        mine = folder / f"duckdb_temp_{os.getpid()}_0_storage_DEFAULT-0.tmp"
        theirs = folder / f"duckdb_temp_{running.pid}_0_storage_DEFAULT-0.tmp"
        dead = folder / f"duckdb_temp_{stale.pid}_0_storage_S32K-0.tmp"
        for f in (mine, theirs, dead):
            f.write_bytes(b"x" * 5000)
        assert recovery.dead_spill_files(path) == [dead]
        workspace.connect(path, read_only=True).close()
        note = recovery.pop_note(path)
        assert note and "tidied up" in note and "0.0 MB freed" in note
        assert mine.exists() and theirs.exists() and not dead.exists()
    finally:
        running.kill()
        running.wait()


def test_a_kept_original_no_load_lists_is_removed_and_the_listed_ones_stay(tmp_path):
    # A load killed after keeping its original and before writing anything: no WAL, no spill.
    path = tmp_path / "workspace.duckdb"
    con = workspace.connect(path)
    ingest.load_files(con, [write_csv(tmp_path / "visits.csv", ["customer_id", "event", "occurred_at"],
                                      [["A-1", "page_view", "2024-06-01 10:00:00"]])])
    con.close()
    del con
    folder = recovery.kept_folder(path)
    (listed,) = folder.iterdir()
    leftover = folder / "2-calls.csv.zst"
    leftover.write_bytes(b"x" * 3_000_000)
    con = workspace.connect(path)
    note = recovery.pop_note(path)
    assert note and "3.0 MB freed" in note and "1 loaded file, 1 rows" in note
    assert list(folder.iterdir()) == [listed] and ingest.kept_original(con, "visits.csv") == listed
    con.close()
    workspace.connect(path).close()
    assert recovery.pop_note(path) is None


def test_a_workspace_this_process_has_open_is_never_tidied(tmp_path):
    path = tmp_path / "workspace.duckdb"
    con = workspace.connect(path)
    con.execute("CREATE TABLE scratch AS SELECT 1 AS x")  # a live WAL, as in any open workspace
    assert recovery.wal_file(path).exists()
    other = workspace.connect(path)
    assert recovery.pop_note(path) is None and recovery.wal_file(path).exists()
    other.close()
    con.close()


def test_a_snapshot_of_a_file_being_written_is_always_whole(tmp_path):
    path = tmp_path / "busy.duckdb"
    writer = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, itertools\n"
        f"con = duckdb.connect({str(path)!r})\n"
        "con.execute('CREATE TABLE t (batch INTEGER, i INTEGER)')\n"
        "print('ready', flush=True)\n"
        "for b in itertools.count():\n"
        "    con.execute('INSERT INTO t SELECT $b, range FROM range(1000)', {'b': b})\n"
        "    if b % 25 == 0: con.execute('CHECKPOINT')\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "ready"
        seen = []
        for _ in range(10):
            copy = recovery.snapshot(path)
            con = duckdb.connect(str(copy), read_only=True)
            rows, batches = con.sql("SELECT count(*), count(DISTINCT batch) FROM t").fetchall()[0]
            con.close()
            assert rows == 1000 * batches  # whole commits only, never half of one
            seen.append(rows)
            time.sleep(0.1)
        assert seen == sorted(seen) and seen[-1] > seen[0]  # each copy later than the one before
    finally:
        writer.kill()
        writer.wait()
