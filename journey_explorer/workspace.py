"""Workspaces: create, open, migrate and rebuild one; where they live; the demo workspace.

One workspace is one DuckDB file under a data folder. The web app gives each browser session its
own, addressed by an unguessable id (put in the URL as ?ws=… to share it). The demo workspace is
built once from sample_data/ and opened read-only by everyone. This is the one module that knows
every stage (gateway, ingest, rules); everything above it opens workspaces through connect().
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import secrets
from pathlib import Path

import duckdb

from . import db, recovery, rules
from .ingest.load import Progress, load_files, rebuild

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DATA = ROOT / "sample_data"
SAMPLE_FILES = ("web_events.csv.gz", "calls.csv", "emails.csv")
WORKSPACE_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
log = logging.getLogger(__name__)


def connect(path: str | Path | None = None, read_only: bool = False):
    """Open a workspace database. One made by this version opens without writing anything, so
    any number of sessions can open it at once; a new one gets its tables and default rules, and
    one made by an older version is migrated and rebuilt (also when asked for read-only).

    One left behind by a crash is tidied up first (recovery.tidy). One that another program
    holds (DuckDB: one process per file) raises db.DatabaseBusy, or when asked for read-only
    opens a snapshot of what that program had committed.
    """
    try:
        return _open(path, read_only)
    except db.DatabaseBusy:
        if not read_only:
            raise
        copy = recovery.snapshot(path)
        log.warning("%s is open in another program (e.g. a running `journey-explorer serve`): reading a "
                    "copy of what it had saved.", Path(path).name)
        return _open(copy, read_only=True, tidy=False)


def _open(path, read_only: bool, tidy: bool = True):
    with recovery.FIRST_OPEN:
        first = bool(path) and tidy and not db.open_here(path)
        con = db.connect(path, read_only=read_only)
        if first and recovery.left_by_a_crash(con, Path(path)):
            if read_only:  # tidied through a writable connection of its own, where allowed
                db.close(con)
                _tidy_writable(path)
                return _open(path, read_only=True, tidy=False)
            recovery.tidy(con, path)
    if not read_only:
        _make_current(con)
    elif path and db.has_table(con, "events") and not _current(con):
        db.close(con)
        db.close(_open(path, read_only=False, tidy=False))
        return _open(path, read_only=True, tidy=False)
    return con


def _tidy_writable(path) -> None:
    try:
        writable = db.connect(path)
    except (db.DatabaseBusy, duckdb.Error):  # not ours to write (another reader, permissions)
        return
    try:
        recovery.tidy(writable, path)
    finally:
        db.close(writable)


def _current(con) -> bool:
    """Stamped by this version, and its derived tables as this version makes them (reads only)."""
    return db.stored_schema_version(con) == db.schema_version() and not db.model_outdated(con)


def _make_current(con) -> None:
    """Create what is missing and migrate what is old, once: sessions opening one new workspace
    at once wait for the first (write_lock) and then find it current."""
    if _current(con):
        return
    with db.write_lock(con):
        if _current(con):
            return
        with db.transaction(con):
            db.create_schema(con)
            rules.install_default_rules(con)
            if db.model_outdated(con):  # new, or made by an older version
                rebuild(con)
            rules.set_setting(con, "schema_version", db.schema_version())


def data_dir() -> Path:
    default = Path.home() / ".local" / "share" / "journey-explorer"
    path = Path(os.environ.get("JOURNEY_EXPLORER_DATA", default))
    path.mkdir(parents=True, exist_ok=True)
    return path


def sample_files() -> list[Path]:
    files = [SAMPLE_DATA / name for name in SAMPLE_FILES]
    missing = [f.name for f in files if not f.is_file()]
    if missing:
        raise FileNotFoundError(f"The demo files {', '.join(missing)} are missing from {SAMPLE_DATA}.")
    return files


def build_demo(path: str | Path, progress: Progress | None = None) -> Path:
    """Build a demo workspace at path from sample_data/ (replacing any file there)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".building")
    for stale in (partial, Path(str(partial) + ".wal")):
        stale.unlink(missing_ok=True)
    con = connect(partial)
    try:
        load_files(con, sample_files(), progress=progress)
    finally:
        con.close()
    os.replace(partial, path)  # appears whole or not at all
    return path


def demo_path() -> Path:
    """The shared demo workspace, named after the sample data it was built from."""
    digest = hashlib.sha256()
    for file in sample_files():
        digest.update(file.name.encode() + str(file.stat().st_size).encode())
        digest.update(file.read_bytes()[:65536])
    for sql in sorted((ROOT / "queries").rglob("*.sql")):
        digest.update(sql.read_bytes())
    return data_dir() / f"demo-{digest.hexdigest()[:12]}.duckdb"


def ensure_demo(progress: Progress | None = None) -> Path:
    path = demo_path()
    if not path.exists():
        build_demo(path, progress)
        for old in data_dir().glob("demo-*.duckdb"):  # built from older sample data or queries
            if old != path:
                old.unlink(missing_ok=True)
    return path


def new_workspace_id() -> str:
    return secrets.token_urlsafe(16)


def workspace_dir(workspace_id: str) -> Path:
    if not WORKSPACE_ID.match(workspace_id or ""):
        raise ValueError("That workspace link is not valid.")
    path = data_dir() / "workspaces" / workspace_id
    path.mkdir(parents=True, exist_ok=True)
    return path


def workspace_exists(workspace_id: str) -> bool:
    return bool(WORKSPACE_ID.match(workspace_id or "")) and \
        (data_dir() / "workspaces" / workspace_id / "workspace.duckdb").exists()


def open_workspace(workspace_id: str):
    return connect(workspace_dir(workspace_id) / "workspace.duckdb")


def upload_dir(workspace_id: str) -> Path:
    path = workspace_dir(workspace_id) / "uploads"
    path.mkdir(exist_ok=True)
    return path
