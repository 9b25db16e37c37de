"""The one gateway that runs SQL.

Every statement lives in ``queries/<area>/<name>.sql`` and is run by name with values bound as
``$name`` parameters. The only SQL text built in Python is a projection of a file's own column
names, and those go through :func:`quote_ident` after being checked against the table's columns.
"""
from __future__ import annotations

import hashlib
import os
import re
import threading
import weakref
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from .model import DEFAULT_SETTINGS

QUERIES = Path(__file__).resolve().parent.parent / "queries"

# Tables and macros of a workspace, created in this order.
SCHEMA = ["macro_params", "macro_clean", "macro_url_param", "macro_url_path", "macro_parse_ts",
          "settings", "loads", "loads_kept_file", "loads_content_hash", "events", "identity_links",
          "identity_links_load_id", "rejects",
          "channel_rules", "conversion_rules", "stage_rules", "costs"]


class QueryError(ValueError):
    """A plain-language problem with a query's input (shown to users as is)."""


@cache
def query_text(name: str) -> str:
    path = QUERIES / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query named {name!r} in {QUERIES}")
    return path.read_text()


@cache
def query_params(name: str) -> frozenset[str]:
    """The $names a query binds: the SQL file is the contract."""
    text = re.sub(r"--[^\n]*|'(?:[^']|'')*'", "", query_text(name))
    return frozenset(re.findall(r"\$([A-Za-z_]\w*)", text))


def bound(query: str, params: dict) -> dict | None:
    """The values the named query binds: exactly the $names it declares."""
    wanted = query_params(query)
    missing = wanted - params.keys()
    if missing:
        raise TypeError(f"query {query} needs {sorted(missing)}")
    return {k: v for k, v in params.items() if k in wanted} or None


def run(con: duckdb.DuckDBPyConnection, query: str, /, **params):
    """Run the named query with the values it binds."""
    return con.execute(query_text(query), bound(query, params))


def relation(con, query: str, /, **params) -> duckdb.DuckDBPyRelation:
    """The named SELECT as a lazy relation, e.g. to register as a view that later queries read
    (DuckDB views themselves cannot hold bound values)."""
    return con.sql(query_text(query), params=bound(query, params))


def frame(con, query: str, /, **params) -> pd.DataFrame:
    return run(con, query, **params).df()


def rows(con, query: str, /, **params) -> list[tuple]:
    return run(con, query, **params).fetchall()


def scalar(con, query: str, /, **params):
    found = rows(con, query, **params)
    return found[0][0] if found else None


def quote_ident(name: str) -> str:
    """Quote an identifier (a column or table name) for DuckDB SQL."""
    if not isinstance(name, str) or not name or "\x00" in name:
        raise QueryError(f"{name!r} is not a usable column name")
    return '"' + name.replace('"', '""') + '"'


def table_columns(con, table: str) -> list[tuple[str, str]]:
    """(name, type) of a table's columns, in order."""
    return [(r[0], r[1]) for r in rows(con, "schema/describe_table", table=table)]


def memory_limit() -> str:
    """DuckDB's memory budget: by default it takes 80% of the machine, which a laptop running a
    browser beside it does not have. Past the budget, big loads spill to disk instead."""
    return os.environ.get("JOURNEY_EXPLORER_MEMORY", "2GB")


class DatabaseBusy(QueryError):
    """Another process has the database file open: DuckDB lets one process write a file."""


def connect(path: str | Path | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A bare connection to a database file with this session's settings. Opening a workspace
    (its tables, rules and migrations) is workspace.connect's job. Connections of one process to
    one file share one database (DuckDB's instance cache)."""
    try:
        con = duckdb.connect(str(path) if path else ":memory:", read_only=read_only,
                             config={"memory_limit": memory_limit(),
                                     # Big writes (a 25M-row touchpoints table) need not keep their
                                     # input's order: DuckDB then writes them without buffering, and a
                                     # 1 GB file loads within the 2 GB budget. Reading a file keeps its
                                     # order itself (ingest/read.py), so origin_row stays a position.
                                     "preserve_insertion_order": False})
    except duckdb.IOException as exc:
        if "Could not set lock" not in str(exc):
            raise
        holder = re.search(r"PID (\d+)", str(exc))
        raise DatabaseBusy(f"{Path(path).name} is in use by another program"
                           + (f" (process {holder[1]})" if holder else "")
                           + ", such as a running `journey-explorer serve` or a load: stop it or wait "
                             "until it is done, then try again.") from None
    run(con, "schema/session")
    if path:
        _LIVE.setdefault(_file_key(path), weakref.WeakSet()).add(con)
    return con


# Connections this process opened, per database file: while one lives, the file's WAL and
# spill files may be in use here (recovery must leave them alone).
_LIVE: dict[str, weakref.WeakSet] = {}


def _file_key(path) -> str:
    return str(Path(path).resolve())


def open_here(path: str | Path) -> bool:
    """Whether this process holds a connection to that database file (one closed with
    con.close() counts until it is garbage; close() below forgets it at once)."""
    return bool(_LIVE.get(_file_key(path)))


def close(con) -> None:
    for live in list(_LIVE.values()):
        live.discard(con)
    con.close()


def schema_version() -> str:
    """A fingerprint of the schema this code makes: a workspace stamped with it is opened without
    writing anything (so any number of sessions can open one at once); any other is migrated."""
    digest = hashlib.sha256(repr((MODEL_COLUMNS, sorted(DEFAULT_SETTINGS))).encode())
    for name in SCHEMA:
        digest.update(query_text(f"schema/{name}").encode())
    return digest.hexdigest()[:16]


def stored_schema_version(con) -> str | None:
    return scalar(con, "schema/stored_version") if has_table(con, "settings") else None


# One writer at a time per database in this process: DuckDB's transactions are optimistic, so a
# second session writing the same tables at once would fail ("write-write conflict") instead of
# waiting for the first.
_WRITERS: dict[str | None, threading.RLock] = {}
_WRITERS_GUARD = threading.Lock()


def write_lock(con) -> threading.RLock:
    key = database_path(con)
    with _WRITERS_GUARD:
        return _WRITERS.setdefault(key, threading.RLock())


def create_schema(con) -> None:
    """The workspace's tables and macros, where missing (inside the caller's transaction)."""
    for name in SCHEMA:
        run(con, f"schema/{name}")


# What the derived tables of the current version have, newest last: missing → rebuild them.
MODEL_COLUMNS = {"step_nodes": "customers", "touchpoints": "next_visible_touchpoint",
                 "visible_steps": "converts_later", "customer_firsts": "had_email", "call_rows": "converted_30d",
                 "call_emails": "campaign", "attribution_journeys": "credits"}


def model_outdated(con) -> bool:
    return any(column not in dict(table_columns(con, table)) for table, column in MODEL_COLUMNS.items())


@contextmanager
def transaction(con):
    """All or nothing: the workspace is unchanged if anything inside raises. Writers of one
    database in this process take turns (write_lock)."""
    with write_lock(con):
        con.execute("BEGIN TRANSACTION")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")


def has_table(con, table: str) -> bool:
    return bool(scalar(con, "schema/has_table", table=table))


def column_path(*parts: str) -> str:
    """A (possibly nested) column reference: column_path("context", "page") → "context"."page"."""
    return ".".join(quote_ident(p) for p in parts)


def create_projection(con, target: str, source: str, columns: list[tuple[str, str]],
                      temp: bool = False, view: bool = False) -> None:
    """CREATE TABLE (or TEMP VIEW) target AS SELECT expr AS alias, … FROM source.

    The one place SQL text is assembled in Python. Expressions come from the helpers in this
    module and name only columns read from the source table itself; aliases go through
    quote_ident. Values are never part of it.
    """
    select = ", ".join(f"{expr} AS {quote_ident(alias)}" for expr, alias in columns) or "NULL AS _empty"
    kind = "TEMP VIEW" if view else "TEMP TABLE" if temp else "TABLE"
    con.execute(f"CREATE OR REPLACE {kind} {quote_ident(target)} AS SELECT {select} FROM {quote_ident(source)}")


def leaf_columns(columns, path: tuple[str, ...], as_text: bool = False):
    """(expression, dotted name) for every leaf column: nested structs become dotted columns
    ("context.page.path"), lists and maps JSON; scalars keep their type unless as_text.
    path starts with the table."""
    for name, dtype in columns:
        here = path + (name,)
        dotted = ".".join(here[1:])
        if dtype.id == "struct":
            yield from leaf_columns(dtype.children, here, as_text)
        elif dtype.id in ("list", "map", "array", "union") or str(dtype) == "JSON":
            yield f"to_json({column_path(*here)})" + ("::VARCHAR" if as_text else ""), dotted
        elif as_text:
            yield f"CAST({column_path(*here)} AS VARCHAR)", dotted
        else:
            yield column_path(*here), dotted


TEMPORAL = ("TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S", "DATE")


def create_staged(con, source: str, fields: dict[str, str | None], attributes: dict[str, str],
                  extra_columns: list[str], timestamp: str | None, types: dict[str, str]) -> None:
    """Temp view `staged` over a file's typed rows: its columns renamed to the mapping's fields.

    fields: output name → column (None: NULL), as text; timestamp: the time column, also given
    as `ts_native` when the reader typed it as a time already; attributes: name → column, packed
    with their types into one JSON value `attrs`; extra_columns: columns past the header, whose
    presence flags a row with too many values (`too_many_values`).
    """
    projection = [(row_number_expr(source), "origin_row")]
    projection += [(f"CAST({column_path(col)} AS VARCHAR)" if col else "NULL::VARCHAR", name)
                   for name, col in fields.items()]
    native = timestamp and str(types.get(timestamp, "")).upper() in TEMPORAL
    projection.append((f"CAST({column_path(timestamp)} AS TIMESTAMP)" if native else "NULL::TIMESTAMP", "ts_native"))
    packed = ", ".join(f"{quote_ident(a)} := {column_path(c)}" for a, c in attributes.items())
    projection.append((f"to_json(struct_pack({packed}))" if packed else "NULL::JSON", "attrs"))
    too_long = " OR ".join(f"{column_path(c)} IS NOT NULL" for c in extra_columns) or "false"
    projection.append((f"({too_long})", "too_many_values"))
    create_projection(con, "staged", source, projection, view=True)


def write_rows(con, rows: duckdb.DuckDBPyRelation, table: str, forget: str | None = None) -> None:
    """rows become the table; or, given forget (the query deleting the rows they replace), only
    those rows are replaced (an append that touched some customers)."""
    if forget:
        run(con, forget)
        rows.insert_into(table)
    else:
        drop_table(con, table)
        rows.create(table)


def rename_table(con, table: str, new_name: str) -> None:
    con.execute(f"ALTER TABLE {quote_ident(table)} RENAME TO {quote_ident(new_name)}")


def row_number_expr(table: str) -> str:
    """1-based position of a row in its table, in file order.

    rowid follows insertion order, but rows written in an open transaction are numbered from
    2^55, so count from the table's first rowid instead of from zero.
    """
    return f"rowid - (SELECT min(rowid) FROM {quote_ident(table)}) + 1"


def drop_table(con, table: str) -> None:
    con.execute(f"DROP TABLE IF EXISTS {quote_ident(table)}")


@contextmanager
def rolled_back(con):
    """Work whose every change is thrown away (previews)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    finally:
        con.execute("ROLLBACK")


def cursor(con):
    """A connection of its own to the same database, for another thread (Streamlit session)."""
    cur = con.cursor()
    run(cur, "schema/session")
    for live in list(_LIVE.values()):  # it keeps the database open as much as its parent does
        if con in live:
            live.add(cur)
    return cur


def database_path(con) -> str | None:
    """The file this connection's database lives in (None in memory)."""
    return scalar(con, "schema/database_path") or None


def version(con) -> tuple:
    """Changes whenever loads or rules change; part of cache keys."""
    return tuple(rows(con, "schema/version")[0])
