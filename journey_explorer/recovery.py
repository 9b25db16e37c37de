"""A database file that cannot be used as it is: left behind by a crash, or held by another program.

After a kill -9 (or a power cut) during a load, DuckDB keeps what had been committed and drops
the rest on the next open, but the file stays grown, its write-ahead log (WAL) stays beside it and
the spill files of the dead process (``<file>.tmp/duckdb_temp_<pid>_*``, gigabytes after a big
load) stay until someone deletes them, as does the kept copy of the file it was loading
(``<file>.files/``, see ingest/keep.py). workspace.connect calls tidy for that on the next open.

DuckDB lets one process have a file open for writing and then no other process may even read it.
snapshot copies such a file (and its WAL) so another process can read what was committed.
"""
from __future__ import annotations

import atexit
import logging
import os
import re
import shutil
import tempfile
import threading
from pathlib import Path

from . import db

log = logging.getLogger(__name__)
SPILL_FILE = re.compile(r"^duckdb_temp_(\d+)_")
# What recovery said per database file, for a user interface to show once (pop_note).
NOTES: dict[str, str] = {}


def wal_file(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def spill_folder(path: Path) -> Path:
    """DuckDB's default temp_directory for a database file."""
    return path.with_name(path.name + ".tmp")


def dead_spill_files(path: Path) -> list[Path]:
    """Spill files of processes that no longer run (the file names carry the process id)."""
    folder = spill_folder(path)
    if not folder.is_dir():
        return []
    return sorted(f for f in folder.iterdir() if (m := SPILL_FILE.match(f.name)) and not _alive(int(m[1])))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


HEADER_BYTES = 3 * 4096  # DuckDB's file header and its two database headers, before the blocks
# One connection opens a file first in this process and tidies it; the others wait for that.
FIRST_OPEN = threading.RLock()


def grown(con, path: Path) -> bool:
    """Whether the file is longer than its blocks: what a write that never committed left."""
    block_size, blocks = db.rows(con, "schema/database_blocks")[0]
    return _size(path) > HEADER_BYTES + (blocks + 1) * block_size


def kept_folder(path: Path) -> Path:
    """Where the workspace keeps its loaded originals (the same rule as ingest/keep.py)."""
    return path.with_suffix(".files")


def orphan_kept_files(con, path: Path) -> list[Path]:
    """Kept originals no load lists: a load that died after keeping its file. Only called on the
    first open in this process, before any load of its own can be half-way."""
    folder = kept_folder(path)
    if not folder.is_dir() or not db.has_table(con, "loads"):
        return []
    listed = {name for (name,) in db.rows(con, "schema/kept_files")}
    return sorted(f for f in folder.iterdir() if f.is_file() and f.name not in listed)


def left_by_a_crash(con, path: Path) -> bool:
    """Checked on a connection that just opened the file, first in this process: a WAL (this
    connection wrote nothing yet), spill files of a dead process, blocks past the end, or a kept
    original no load lists."""
    return (wal_file(path).exists() or bool(dead_spill_files(path)) or grown(con, path)
            or bool(orphan_kept_files(con, path)))


def tidy(con, path: str | Path) -> str:
    """Clean up after a process that died with the database open (con: a writable connection,
    the first in this process); returns what was done, in words for the user (also logged).

    Opening the file already replayed the committed part of the WAL and dropped the rest; a
    checkpoint (after a change, or DuckDB skips it) writes it into the file, removes the WAL and
    cuts the file back to its blocks. Spill files of dead processes are deleted.
    """
    path = Path(path)
    spill, orphans = dead_spill_files(path), orphan_kept_files(con, path)
    before = _size(path) + _size(wal_file(path)) + sum(map(_size, spill + orphans))
    db.run(con, "schema/tidy_mark")
    db.run(con, "schema/tidy_unmark")
    db.run(con, "schema/checkpoint")
    for file in spill + orphans:
        file.unlink(missing_ok=True)
    _remove_if_empty(spill_folder(path))
    saved = tuple(db.rows(con, "schema/saved_totals")[0]) if db.has_table(con, "loads") else None
    note = _note(path, before - _size(path) - _size(wal_file(path)), saved)
    NOTES[str(path.resolve())] = note
    log.warning(note)
    return note


def _note(path: Path, freed: int, saved: tuple[int, int] | None) -> str:
    kept = ""
    if saved is not None:
        files, rows = saved
        kept = f" ({files:,} loaded file{'s' if files != 1 else ''}, {rows or 0:,} rows)"
    return (f"{path.name} was not closed properly last time (Journey Explorer was stopped or crashed): "
            f"it has been tidied up, {_megabytes(freed)} freed, and nothing it had saved was lost{kept}; "
            "a load that was still running then left nothing behind, so load that file again.")


def pop_note(path: str | Path) -> str | None:
    """What tidy said about this file, once."""
    return NOTES.pop(str(Path(path).resolve()), None)


def snapshot(path: str | Path, attempts: int = 5) -> Path:
    """A private copy of a database file (and its WAL) that another process holds, to read.

    The copy is what a crash at that instant would leave, which DuckDB opens like any file after
    a crash: everything committed, nothing half-written. A copy during which either file changed
    is made again (up to `attempts` times); the copies go when this process ends.
    """
    path = Path(path)
    folder = Path(tempfile.mkdtemp(prefix="journey-explorer-snapshot-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    copy, copy_wal = folder / path.name, wal_file(folder / path.name)
    for _ in range(attempts):
        before = _stamp(path)
        shutil.copyfile(path, copy)
        if wal_file(path).exists():
            shutil.copyfile(wal_file(path), copy_wal)
        else:
            copy_wal.unlink(missing_ok=True)
        if _stamp(path) == before:
            break
    return copy


def _stamp(path: Path) -> tuple:
    return tuple((f.stat().st_size, f.stat().st_mtime_ns) if f.exists() else None for f in (path, wal_file(path)))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


def _megabytes(size: int) -> str:
    return f"{max(size, 0) / 1e6:,.1f} MB"
