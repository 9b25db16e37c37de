"""Reading an export file into a raw table with DuckDB's own readers.

The raw table keeps every column as text, with nested JSON/Parquet fields flattened to dotted
names ("context.page.path") and lists or maps kept as JSON, so one mapping step serves all
formats. Rows the CSV reader cannot split are returned as bad rows, never dropped.
"""
from __future__ import annotations

import codecs
import gzip
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from .. import db

TEXT_EXTENSIONS = {".csv": "csv", ".tsv": "csv", ".tab": "csv", ".txt": "csv",
                   ".json": "json", ".ndjson": "json", ".jsonl": "json",
                   ".parquet": "parquet", ".pq": "parquet"}
READER_REASONS = {
    "TOO MANY COLUMNS": "the row has more values than the header has columns",
    "MISSING COLUMNS": "the row has fewer values than the header has columns",
    "UNQUOTED VALUE": "a value has a stray quote character",
    "INVALID UNICODE": "the row has characters that are not valid text in this file's encoding",
    "LINE SIZE OVER MAXIMUM": "the row is longer than 20 MB",
    "INVALID STATE": "the row could not be split into columns",
}


class FileProblem(ValueError):
    """A file that cannot be read at all; the message is one plain sentence for the user."""


class SerialReadNeeded(Exception):
    """The parallel CSV scanner gave up on this file (quoted newlines with padded short rows).

    The failed scan aborts the open transaction, so the caller rolls back and reads again with
    serial=True.
    """

    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = str(path)


@dataclass
class ReadResult:
    format: str
    encoding: str | None
    columns: list[str]
    rows: int                 # rows in the raw table
    extra_columns: list[str]  # columns the header does not name (values of too-long rows)
    bad_rows: pd.DataFrame    # line, reason, raw: rows the reader could not split


def _head(path: Path, size: int = 65536) -> bytes:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            return fh.read(size)
    except (OSError, EOFError) as exc:
        raise FileProblem(f"{path.name} could not be opened ({exc}).") from None


def sniff(path: Path) -> tuple[str, str | None]:
    """(format, encoding) from the name and the first bytes."""
    head = _head(path)
    name = path.name.lower().removesuffix(".gz")
    fmt = TEXT_EXTENSIONS.get(Path(name).suffix)
    if head.startswith(b"PAR1"):
        fmt = "parquet"
    if fmt == "parquet":
        return fmt, None
    encoding = text_encoding(head)
    if encoding is None:
        raise FileProblem(f"{path.name} is not a text table (it looks like a binary file). "
                          "Export it as CSV, JSON or Parquet.")
    if fmt is None:
        first = head.decode(encoding, "ignore").lstrip("\ufeff \r\n\t")[:1]
        fmt = "json" if first in ("{", "[") else "csv"
    return fmt, encoding


def text_encoding(head: bytes) -> str | None:
    """utf-8 (BOM or not), utf-16 (BOM or many NULs), latin-1 as the fallback, None for binary."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.count(b"\x00") > len(head) // 4:
        return "utf-16" if _readable(head, "utf-16-le") or _readable(head, "utf-16-be") else None
    if b"\x00" in head or not head.strip():
        return None if b"\x00" in head else "utf-8"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # a character cut by the sample's end
            return "utf-8"
    controls = sum(b < 9 or 13 < b < 32 for b in head)
    return "latin-1" if controls < len(head) // 100 + 1 else None


def _readable(head: bytes, encoding: str) -> bool:
    """Mostly printable once decoded: text, not a binary file that happens to hold NUL bytes."""
    text = head[: len(head) // 2 * 2].decode(encoding, "replace")
    return sum(ch.isprintable() or ch in "\r\n\t" for ch in text) >= 0.95 * max(1, len(text))


def read_file(con, path: Path, target: str, limit: int | None = None, serial: bool = False) -> ReadResult:
    """Create table `target` from the file; raise FileProblem if it cannot be read at all."""
    fmt, encoding = sniff(path)
    bad = pd.DataFrame(columns=["line", "reason", "raw"])
    try:
        if fmt == "csv":
            bad = _read_csv(con, path, encoding, limit, serial)
        elif fmt == "json":
            db.run(con, "ingest/read_json", path=str(path), limit=limit)
        else:
            db.run(con, "ingest/read_parquet", path=str(path), limit=limit)
    except duckdb.Error as exc:
        if "parallel=false" in str(exc):
            raise SerialReadNeeded(path) from None
        raise FileProblem(f"{path.name} could not be read as {fmt.upper()}: {first_line(exc)}") from None
    relation = con.table("raw_read")
    projection = list(db.text_columns(zip(relation.columns, relation.types), ("raw_read",)))
    if not projection:
        raise FileProblem(f"{path.name} has no columns.")
    db.create_projection(con, target, "raw_read", projection)
    db.drop_table(con, "raw_read")
    db.create_raw_rows_view(con, target)
    columns = [alias for _, alias in projection]
    extra = beyond_header(columns) if fmt == "csv" else []
    return ReadResult(fmt, encoding, [c for c in columns if c not in extra],
                      db.scalar(con, "ingest/raw_rows"), extra_columns=extra, bad_rows=bad)


def beyond_header(columns: list[str]) -> list[str]:
    """Trailing columns DuckDB named column<i> itself: the header has no name for them.

    They exist when a row with more values than the header fell in the sniffer's sample; such
    rows are rejected like those the reader rejects outside the sample.
    """
    extra = []
    for i in range(len(columns) - 1, 0, -1):
        if columns[i] != f"column{i}":
            break
        extra.insert(0, columns[i])
    return extra


def _read_csv(con, path: Path, encoding: str, limit: int | None, serial: bool) -> pd.DataFrame:
    db.run(con, "ingest/drop_read_errors")
    db.run(con, "ingest/drop_read_scans")
    db.run(con, "ingest/read_csv", path=str(path), encoding=encoding, parallel=not serial, limit=limit)
    errors = db.frame(con, "ingest/read_errors")
    # One bad row can raise several errors (one per column); report it once.
    errors = errors.drop_duplicates("line")
    return pd.DataFrame({
        "line": errors["line"].astype("int64"),
        "reason": [READER_REASONS.get(t, "the row could not be split into columns") for t in errors["error_type"]],
        "raw": errors["csv_line"].astype("object"),
    })


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
