"""Loading export files into a workspace: read → recognise → map → parse → stitch → rules.

A call to load_files is one transaction: every file lands whole or the workspace is unchanged.
Every data row ends up either in events (and so touchpoints) or in rejects with a plain reason.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from .. import db, rules
from ..model import FIELDS, IDENTIFIER_FIELDS
from . import identities, timestamps
from .layouts import Mapping, auto_mapping
from .read import FileProblem, SerialReadNeeded, read_file

Progress = Callable[[float, str], None]
PREVIEW_ROWS = 200


class UnknownLayout(FileProblem):
    """The columns match no known export; the caller should ask the user for a mapping."""

    def __init__(self, file: str, columns: list[str]):
        self.columns = columns
        shown = ", ".join(c if len(c) <= 40 else c[:40] + "…" for c in columns[:8]) + (" …" if len(columns) > 8 else "")
        super().__init__(f"{file}: the columns ({shown}) were not recognised as a known export. "
                         "Map them by hand on the Data page, or pass --mapping with a saved mapping.")


@dataclass
class FileReport:
    file: str
    layout: str
    kind: str
    rows_in_file: int
    rows_loaded: int
    rows_rejected: int
    timestamp_format: str = ""
    reject_reasons: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict:
        return {k: v for k, v in asdict(self).items()
                if k in ("file", "layout", "rows_in_file", "rows_loaded", "rows_rejected")}


@dataclass
class LoadReport:
    files: list[FileReport]
    touchpoints: int
    customers: int

    def summary(self) -> dict:
        return {"files": [f.summary() for f in self.files],
                "touchpoints": self.touchpoints, "customers": self.customers}


@dataclass
class Inspection:
    """What a file would become, without loading it: for the preview and the mapping step."""
    file: str
    format: str
    encoding: str | None
    columns: list[str]
    mapping: Mapping | None
    raw_preview: pd.DataFrame
    preview: pd.DataFrame | None
    timestamp_format: str | None


# Temp tables a file's load works in (queries/ingest/); its rows are in events and rejects after.
SCRATCH_TABLES = ("staged", "mapped", "final", "ts_sample")


def load_files(con, paths: Sequence[str | Path], mappings: dict[str, Mapping] | None = None,
               conversions: Iterable[str] = (), country: str | None = None,
               progress: Progress | None = None, names: dict[str, str] | None = None) -> LoadReport:
    """Load files into the workspace in one transaction and rebuild the journeys.

    mappings: file name → Mapping for files whose layout is not recognised (or to override it).
    names: path → the name to record as origin_file (uploads keep the user's file name).
    """
    progress = progress or (lambda fraction, message: None)
    return _reading_serially_when_needed(lambda serial: _load_all(
        con, [Path(p) for p in paths], mappings or {}, list(conversions), country, progress, names or {}, serial))


def _reading_serially_when_needed(attempt):
    """attempt(serial) with serial = paths to read with DuckDB's single-threaded CSV scanner;
    a file the parallel scanner gives up on is added and the whole attempt is made again."""
    serial: set[str] = set()
    while True:
        try:
            return attempt(serial)
        except SerialReadNeeded as again:
            if again.path in serial:
                raise FileProblem(f"{Path(again.path).name} could not be read as CSV.") from None
            serial.add(again.path)


def _load_all(con, paths, mappings, conversions, country, progress, names, serial) -> LoadReport:
    reports = []
    with db.transaction(con):
        if country:
            rules.set_setting(con, "default_country", country.upper())
        country = rules.settings(con)["default_country"]
        for i, path in enumerate(paths):
            name = names.get(str(path), path.name)
            step = _file_progress(progress, i, len(paths), name)
            mapping = mappings.get(name) or mappings.get(str(path))
            reports.append(_load_one(con, path, name, mapping, country, str(path) in serial, step))
        progress(len(paths) / (len(paths) + 1), "Stitching customers across files and applying rules")
        rules.add_conversions(con, conversions)
        rebuild(con)
        totals = db.rows(con, "model/totals")[0]
    progress(1.0, "Done")
    return LoadReport(reports, touchpoints=totals[0], customers=totals[1])


def _file_progress(progress: Progress, index: int, count: int, name: str):
    """Progress for the stages of one file, within its share of the whole load."""
    def step(part: float, what: str) -> None:
        progress((index + part) / (count + 1), f"{name} ({index + 1} of {count}): {what}")
    return step


def rebuild(con) -> None:
    """Stitch identities and rebuild touchpoints and steps from everything loaded."""
    identities.stitch(con)
    rules.apply_rules(con)


def _load_one(con, path: Path, name: str, mapping: Mapping | None, country: str, serial: bool,
              step) -> FileReport:
    load_id = db.scalar(con, "ingest/next_load_id")
    raw_table = f"raw_{load_id}"
    step(0.0, "reading")
    read = read_file(con, path, raw_table, serial=serial)
    mapping = mapping or auto_mapping(read.columns, _sample(con, raw_table, read.columns))
    if mapping is None:
        raise UnknownLayout(name, read.columns)
    step(0.4, f"mapping {read.rows:,} rows as {mapping.layout}")
    ts_format = _map_rows(con, raw_table, read.columns, mapping, country, name, read.extra_columns)
    step(0.8, "saving")
    loaded, rejected = db.rows(con, "ingest/count_final")[0]
    reasons = dict(db.rows(con, "ingest/reject_reasons"))
    db.run(con, "ingest/insert_events", load_id=load_id, file=name, kind=mapping.kind)
    db.run(con, "ingest/insert_identity_links")
    db.run(con, "ingest/insert_rejects", file=name)
    if len(read.bad_rows):
        con.register("bad_rows", read.bad_rows)
        db.run(con, "ingest/insert_reader_rejects", file=name)
        con.unregister("bad_rows")
        for reason in read.bad_rows["reason"]:
            reasons[reason] = reasons.get(reason, 0) + 1
    report = FileReport(name, mapping.layout, mapping.kind, read.rows + len(read.bad_rows),
                        loaded, rejected + len(read.bad_rows), ts_format, reasons)
    db.run(con, "ingest/insert_load", load_id=load_id, file=name, layout=mapping.layout,
           kind=mapping.kind, raw_table=raw_table, rows_in_file=report.rows_in_file,
           rows_loaded=loaded, rows_rejected=report.rows_rejected, mapping=mapping.to_json())
    for scratch in SCRATCH_TABLES:  # a big file's copies would crowd the next steps out of memory
        db.drop_table(con, scratch)
    return report


def _map_rows(con, raw_table: str, columns: list[str], mapping: Mapping, country: str, name: str,
              extra_columns: list[str] = ()) -> str:
    """staged → mapped → final (temp tables); returns the timestamp format chosen."""
    check_mapping(mapping, columns, name)
    db.create_staged(con, raw_table, {f"f_{fld}": mapping.columns.get(fld) for fld in FIELDS},
                     {a: c for a, c in mapping.attributes.items() if c in columns}, list(extra_columns))
    db.run(con, "ingest/map_call" if mapping.kind == "call" else
           "ingest/map_email" if mapping.kind == "email" else "ingest/map_web")
    ts_format = timestamps.detect_format(con, country)
    con.register("phone_map", identities.phone_table(db.rows(con, "ingest/phones"), country))
    try:
        db.run(con, "ingest/finalize", ts_format=ts_format)
    finally:
        con.unregister("phone_map")
    return ts_format


def check_mapping(mapping: Mapping, columns: list[str], name: str) -> None:
    missing = [c for c in list(mapping.columns.values()) + list(mapping.attributes.values())
               if c and c not in columns]
    if missing:
        raise FileProblem(f'{name} has no column "{missing[0]}", which the mapping uses. '
                          f"Its columns are: {', '.join(columns[:12])}.")
    if not mapping.columns.get("timestamp"):
        raise FileProblem(f"{name}: choose which column holds the timestamp.")
    if not any(mapping.columns.get(f) for f in IDENTIFIER_FIELDS) and not mapping.columns.get("params"):
        raise FileProblem(f"{name}: choose at least one column that identifies the customer "
                          "(user id, anonymous id, email or phone).")


def _sample(con, raw_table: str, columns: list[str], n: int = 200) -> dict[str, list]:
    frame = con.table(raw_table).limit(n).df()
    return {c: frame[c].tolist() for c in columns if c in frame}


def inspect_file(con, path: str | Path, mapping: Mapping | None = None, name: str | None = None,
                 rows: int = PREVIEW_ROWS) -> Inspection:
    """Read the first rows, recognise the layout and show what they would become; changes nothing."""
    path = Path(path)
    return _reading_serially_when_needed(
        lambda serial: _inspect(con, path, mapping, name or path.name, rows, serial=str(path) in serial))


def _inspect(con, path: Path, mapping: Mapping | None, name: str, rows: int, serial: bool) -> Inspection:
    with db.rolled_back(con):
        country = rules.settings(con)["default_country"]
        read = read_file(con, path, "raw_preview", limit=rows, serial=serial)
        raw_preview = con.table("raw_preview").limit(20).df()
        mapping = mapping or auto_mapping(read.columns, _sample(con, "raw_preview", read.columns))
        preview, ts_format = None, None
        if mapping is not None:
            try:
                ts_format = _map_rows(con, "raw_preview", read.columns, mapping, country, name,
                                      read.extra_columns)
                preview = db.frame(con, "ingest/preview")
            except FileProblem:
                preview = None
    return Inspection(name, read.format, read.encoding, read.columns, mapping, raw_preview,
                      preview, ts_format)
