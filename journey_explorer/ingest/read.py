"""Reading an export file with DuckDB's own readers, in two looks.

A first look reads a few hundred rows as text (read_sample → temp table `file_sample`) to
recognise the export. The load then reads the whole file once, typed (read_rows → temp table
`file_rows`): identifier and text fields as text, so "00123" stays "00123"; timestamps, numbers
and the other columns as DuckDB's sniffer types them. A column whose later values do not fit the
sniffed type is read again as text, so no row is lost to a guess. Nested JSON/Parquet fields
become dotted columns ("context.page.path"), lists and maps JSON. Rows the CSV reader cannot
split, and lines of an NDJSON file that are not a JSON record, are returned as bad rows with their
line, never dropped. NUL bytes (a damaged export) are taken out of the text, not a refusal.
"""
from __future__ import annotations

import codecs
import gzip
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import zstandard

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
    """The quick read gave up on this file: the parallel CSV scanner (quoted newlines with padded
    short rows), or the JSON reader (a broken line in a file of one record per line).

    The failed scan aborts the open transaction, so the caller rolls back and reads again with
    serial=True: CSV with the single-threaded scanner, JSON line by line (read_json_lines).
    """

    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = str(path)


@dataclass
class ReadResult:
    format: str
    encoding: str | None
    columns: list[str]
    rows: int                 # rows read
    extra_columns: list[str]  # columns the header does not name (values of too-long rows)
    bad_rows: pd.DataFrame    # line, reason, raw: rows the reader could not split
    types: dict = field(default_factory=dict)  # column → DuckDB type as read


def _head(path: Path, size: int = 65536) -> bytes:
    name = path.name.lower()
    opener = gzip.open if name.endswith(".gz") else zstandard.open if name.endswith(".zst") else open
    try:
        with opener(path, "rb") as fh:
            return fh.read(size)
    except (OSError, EOFError, zstandard.ZstdError) as exc:
        raise FileProblem(f"{path.name} could not be opened ({exc}).") from None


def sniff(path: Path) -> tuple[str, str | None]:
    """(format, encoding) from the name and the first bytes."""
    head = _head(path)
    name = path.name.lower().removesuffix(".gz").removesuffix(".zst")
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
    if not head.strip():
        return "utf-8"
    # A stray NUL or two is damage in a text file (the reader takes them out); many are a binary file.
    if head.count(b"\x00") > max(8, len(head) // 100):
        return None
    head = head.replace(b"\x00", b"")
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


SAMPLE_ROWS = 200


def read_sample(con, path: Path, rows: int = SAMPLE_ROWS, serial: bool = False) -> ReadResult:
    """The first rows of the file as text, in temp table `file_sample`: enough to recognise it."""
    return _read(con, path, "file_sample", rows, serial, text=None)


def read_rows(con, path: Path, text_columns=(), serial: bool = False) -> ReadResult:
    """The whole file, typed, in temp table `file_rows`; text_columns are read as text."""
    return _read(con, path, "file_rows", None, serial, text=set(text_columns))


def _read(con, path: Path, target: str, limit: int | None, serial: bool, text: set | None) -> ReadResult:
    with _in_file_order(con):
        return _read_in_order(con, path, target, limit, serial, text)


@contextmanager
def _in_file_order(con):
    """Rows are written in file order while a file is read (origin_row and reject line numbers are
    positions in it), also where the session lets other big writes skip that to save memory."""
    db.run(con, "ingest/read_in_file_order")
    try:
        yield
    finally:
        try:
            db.run(con, "ingest/read_in_any_order")
        except duckdb.Error:  # an aborted transaction refuses even this; the error that aborted it counts
            pass


def _read_in_order(con, path: Path, target: str, limit: int | None, serial: bool, text: set | None) -> ReadResult:
    fmt, encoding = sniff(path)
    bad = pd.DataFrame(columns=["line", "reason", "raw"])
    try:
        if fmt == "csv":
            bad = _read_csv_leniently_if_needed(con, path, encoding, limit, serial, text)
        elif fmt == "json" and serial:
            bad = read_json_lines(con, path, encoding, limit)
        elif fmt == "json":
            db.run(con, "ingest/read_json", path=str(path), limit=limit)
        else:
            db.run(con, "ingest/read_parquet", path=str(path), limit=limit)
    except duckdb.Error as exc:
        if "parallel=false" in str(exc) or (fmt == "json" and not serial and "JSON" in str(exc)):
            raise SerialReadNeeded(path) from None
        if "GZIP" in str(exc).upper():
            raise FileProblem(f"{path.name} is a damaged or incomplete gzip file, so nothing was loaded. "
                              "Download or export it again.") from None
        raise FileProblem(f"{path.name} could not be read as {fmt.upper()}: {first_line(exc)}") from None
    relation = con.table("raw_read")
    if not relation.columns:
        raise FileProblem(f"{path.name} has no columns.")
    if fmt == "csv" and _strip_nul(con, relation):
        relation = con.table("raw_read")
    projection = list(db.leaf_columns(zip(relation.columns, relation.types), ("raw_read",), as_text=text is None))
    if fmt == "csv" and text is not None:
        # Flat and typed already: rename, do not copy.
        db.drop_table(con, target)
        db.rename_table(con, "raw_read", target)
    else:
        db.create_projection(con, target, "raw_read", projection, temp=True)
        db.drop_table(con, "raw_read")
    columns = [alias for _, alias in projection]
    extra = beyond_header(columns) if fmt == "csv" else []
    return ReadResult(fmt, encoding, [c for c in columns if c not in extra],
                      _count(con, target),
                      extra_columns=extra, bad_rows=bad,
                      types=dict(db.table_columns(con, target)))


def _count(con, table: str) -> int:
    return con.table(table).count("*").fetchall()[0][0]


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


def _read_csv_leniently_if_needed(con, path, encoding, limit, serial, text) -> pd.DataFrame:
    """Strict when the sniffer can make the file out that way (a row with too many values is a
    reject); leniently when it cannot, e.g. lines ending in both CR LF and LF."""
    return _read_csv(con, path, encoding, limit, serial, text, strict=_sniffs_strictly(path, encoding))


def _sniffs_strictly(path: Path, encoding: str) -> bool:
    """Asked on a scratch in-memory database: a failed sniff aborts the transaction it runs in."""
    scratch = db.connect()
    try:
        db.scalar(scratch, "ingest/sniff_csv", path=str(path), encoding=encoding, strict=True)
        return True
    except duckdb.Error as exc:
        return "sniffing" not in str(exc)
    finally:
        scratch.close()


def _read_csv(con, path: Path, encoding: str, limit: int | None, serial: bool, text: set | None,
              strict: bool = True) -> pd.DataFrame:
    """raw_read from the CSV; returns the rows the reader could not split. text None: all text."""
    sniffed = _sniffed_types(con, path, encoding, strict) if text is not None else {}
    forced = {c: "VARCHAR" for c in sniffed if c in text}
    if sniffed and not forced:  # the reader's types option cannot be empty: pin one as sniffed
        first = next(iter(sniffed))
        forced[first] = sniffed[first]
    while True:
        db.run(con, "ingest/drop_read_errors")
        db.run(con, "ingest/drop_read_scans")
        db.run(con, "ingest/read_csv_typed" if text is not None else "ingest/read_csv", path=str(path),
               encoding=encoding, parallel=not serial, limit=limit, strict=strict,
               **({"types": forced} if text is not None else {}))
        errors = db.frame(con, "ingest/read_errors")
        misfits = set(errors.loc[errors["error_type"] == "CAST", "column_name"].dropna()) - set(forced)
        if not misfits:
            break
        # A value the sniffer's type cannot hold: that column is text, and the file is read again.
        forced.update({c: "VARCHAR" for c in misfits})
    # One bad row can raise several errors (one per column); report it once.
    errors = errors.drop_duplicates("line")
    return pd.DataFrame({
        "line": errors["line"].astype("int64"),
        "reason": [READER_REASONS.get(t, "the row could not be split into columns") for t in errors["error_type"]],
        "raw": errors["csv_line"].astype("object"),
    })


def _sniffed_types(con, path: Path, encoding: str, strict: bool = True) -> dict[str, str]:
    """Column → the type DuckDB's sniffer gives it (names deduplicated as the reader does)."""
    columns = db.scalar(con, "ingest/sniff_csv", path=str(path), encoding=encoding, strict=strict)
    return {c["name"]: c["type"] for c in columns}


def read_json_lines(con, path: Path, encoding: str | None, limit: int | None) -> pd.DataFrame:
    """raw_read from a JSON file of one record per line, some of them broken: the records are
    read (written out clean to a scratch file first, DuckDB's reader takes files) and the broken
    lines returned as bad rows with their line number. All in DuckDB: the file is read once as
    lines, its records once more from the scratch file."""
    # A failed statement aborts the transaction and its temp tables with it: drop only after success.
    db.run(con, "ingest/read_json_lines", path=str(path), encoding=encoding or "utf-8", limit=limit)
    records, lines = db.rows(con, "ingest/read_json_line_counts")[0]
    if records == 0 or records * 2 < lines:
        db.run(con, "ingest/drop_read_json_lines")
        raise FileProblem(f"{path.name} could not be read as JSON: it is not one JSON document, and most of "
                          "its lines are not one JSON record each. Export it again as JSON or NDJSON.")
    bad = db.frame(con, "ingest/read_json_bad_lines")
    handle, scratch = tempfile.mkstemp(suffix=".ndjson", prefix="jx-lines-")
    os.close(handle)
    try:
        db.run(con, "ingest/read_json_good_lines", out=scratch)
        db.run(con, "ingest/read_json", path=scratch, limit=None)
    finally:
        Path(scratch).unlink(missing_ok=True)
    db.run(con, "ingest/drop_read_json_lines")
    return pd.DataFrame({"line": bad["line"].astype("int64"), "reason": bad["reason"].astype("object"),
                         "raw": bad["raw"].astype("object")})


def _strip_nul(con, relation) -> bool:
    """Take NUL bytes out of raw_read's text (a damaged export has some); whether there were any."""
    text = [c for c, t in zip(relation.columns, relation.types) if str(t) == "VARCHAR"]
    if not text or not any(db.rows(con, "ingest/read_nul_columns", columns=text)[0]):
        return False
    db.run(con, "ingest/read_without_nul")
    return True


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
