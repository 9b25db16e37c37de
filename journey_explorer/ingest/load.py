"""Loading export files into a workspace: read → recognise → map → parse → stitch → rules.

A call to load_files is one transaction: every file lands whole or the workspace is unchanged.
Every data row ends up either in events (and so touchpoints) or in rejects with a plain reason.
Each file is read once, typed; its original is kept compressed beside the workspace (keep.py)
for provenance and re-mapping. Appending files re-stitches and renumbers only the customers
they touch; a change of rules or a re-mapped file rebuilds everything.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from .. import db, rules
from ..model import FIELDS, IDENTIFIER_FIELDS
from . import activities, contacts, identities, keep, summary, timestamps, transcode, zones
from .layouts import Mapping
from .read import FileProblem, SerialReadNeeded, read_rows, read_sample

Progress = Callable[[float, str], None]
PREVIEW_ROWS = 200


class UnknownLayout(FileProblem):
    """The columns match no known export; the caller should ask the user for a mapping."""

    def __init__(self, file: str, columns: list[str], why: str = ""):
        self.columns = columns
        shown = ", ".join(c if len(c) <= 40 else c[:40] + "…" for c in columns[:8]) + (" …" if len(columns) > 8 else "")
        super().__init__(f"{file}: {why}" if why else f"{file}: the columns ({shown}) were not recognised as a known "
                         "export. Map them by hand on the Data page, or pass --mapping with a saved mapping.")


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
    contacts_matched: int | None = None   # a contact list's contacts that have a journey
    profiles: int | None = None           # identify messages that became customer fields

    def summary(self) -> dict:
        return {k: v for k, v in asdict(self).items()
                if k in ("file", "layout", "rows_in_file", "rows_loaded", "rows_rejected")
                or (k in ("contacts_matched", "profiles") and v is not None)} | (
                    {"warning": self.warning} if self.warning else {})

    @property
    def warning(self) -> str:
        """Said instead of a success when the file had rows and none of them loaded."""
        if self.rows_loaded or not self.rows_in_file:
            return ""
        reasons = sorted(self.reject_reasons.items(), key=lambda item: -item[1])
        why = "; ".join(f"{n:,} × {r}" for r, n in reasons[:3])
        return (f"Nothing from {self.file} was loaded: all {self.rows_rejected:,} of its rows were rejected"
                + (f" ({why})" if why else "") + ". Check the mapping, or how its timestamps are written.")


@dataclass
class LoadReport:
    files: list[FileReport]
    touchpoints: int
    customers: int

    def summary(self) -> dict:
        return {"files": [f.summary() for f in self.files],
                "touchpoints": self.touchpoints, "customers": self.customers}

    def matched(self, f: FileReport) -> str:
        """How many of a contact list's contacts have a journey; none is no failure before any
        event file is loaded."""
        said = f"{f.contacts_matched:,} of its {f.rows_loaded:,} contacts matched a customer's journey"
        if not self.touchpoints:
            said += " — they will match as you load exports with the same emails or phone numbers"
        return said


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
    sample: dict[str, list] = field(default_factory=dict)   # the first rows as recognition saw them
    rows_checked: int = 0                                    # the first rows mapped as a load would
    rejected: dict[str, int] = field(default_factory=dict)   # of those, why rows would be rejected


# Temp tables a file's load works in (queries/ingest/); its rows are in events and rejects after.
SCRATCH_TABLES = ("mapped", "final", "ts_sample", "file_rows", "file_sample", "mapped_call", "mapped_email",
                  "mapped_other", "activity_rows", "profile_rows")
# Mapping fields always read as text, whatever the sniffer thinks: ids keep leading zeros.
TEXT_FIELDS = tuple(f for f in FIELDS if f not in ("timestamp", "value"))


def load_files(con, paths: Sequence[str | Path], mappings: dict[str, Mapping] | None = None,
               conversions: Iterable[str] = (), country: str | None = None,
               progress: Progress | None = None, names: dict[str, str] | None = None,
               again: bool = False, timezone: str | None = None) -> LoadReport:
    """Load files into the workspace in one transaction and update the journeys they touch.

    mappings: file name → Mapping for files whose layout is not recognised (or to override it).
    names: path → the name to record as origin_file (uploads keep the user's file name).
    again: load a file even if one with the same content was loaded before (its rows twice).
    timezone: the zone of these files' times that do not say theirs (default: the workspace's).
    """
    progress = progress or (lambda fraction, message: None)
    zones.check_timezone(timezone)
    return _reading_serially_when_needed(lambda serial: _load_all(
        con, [Path(p) for p in paths], mappings or {}, list(conversions), country, progress, names or {},
        serial, again, timezone=timezone), names or {})


def _reading_serially_when_needed(attempt, names: dict[str, str]):
    """attempt(serial) with serial = paths to read with DuckDB's single-threaded CSV scanner;
    a file the parallel scanner gives up on is added and the whole attempt is made again."""
    serial: set[str] = set()
    while True:
        try:
            return attempt(serial)
        except SerialReadNeeded as again:
            if again.path in serial:
                raise FileProblem(f"{names.get(again.path, Path(again.path).name)} could not be read as CSV.") from None
            serial.add(again.path)


def _load_all(con, paths, mappings, conversions, country, progress, names, serial, again,
              replacing: str | None = None, timezone: str | None = None) -> LoadReport:
    reports, kept = [], []
    try:
        with db.transaction(con):
            if country:
                rules.set_setting(con, "default_country", country.upper())
            country = rules.settings(con)["default_country"]
            whole = not db.scalar(con, "ingest/has_events") or replacing is not None
            if replacing is not None:
                contacts.forget(con, replacing)
                for table in ("events", "rejects", "links", "load"):  # links before their loads
                    db.run(con, f"ingest/forget_{table}", file=replacing)
            load_ids = []
            for i, path in enumerate(paths):
                name = names.get(str(path), path.name)
                step = _file_progress(progress, i, len(paths), name)
                mapping = mappings.get(name) or mappings.get(str(path))
                report, load_id = _load_one(con, path, name, mapping, country, str(path) in serial, step,
                                            again, kept if replacing is None else None, timezone)
                reports.append(report)
                load_ids.append(load_id)
            progress(len(paths) / (len(paths) + 1), "Stitching customers across files and applying rules")
            if rules.add_conversions(con, conversions) or whole:
                rebuild(con)
            else:
                refresh(con, load_ids)
            for report, load_id in zip(reports, load_ids):
                if report.kind == contacts.KIND:
                    report.contacts_matched = contacts.matched(con, load_id)
            totals = db.rows(con, "model/totals")[0]
    except BaseException:
        for path in kept:
            if path is not None:
                path.unlink(missing_ok=True)
        raise
    progress(1.0, "Done")
    return LoadReport(reports, touchpoints=totals[0], customers=totals[1])


def kept_original(con, name: str) -> Path | None:
    """The kept original of a loaded file (None when an older version loaded it)."""
    kept, folder = db.scalar(con, "ingest/kept_file", file=name), keep.kept_folder(con)
    path = folder / kept if kept and folder else None
    return path if path is not None and path.is_file() else None


def remap_file(con, name: str, mapping: Mapping, progress: Progress | None = None,
               timezone: str | None = None) -> LoadReport:
    """Load a loaded file again from its kept original with another mapping, replacing it.
    Its times keep the zone they were read in at load unless another is given."""
    zones.check_timezone(timezone)
    timezone = timezone or db.scalar(con, "ingest/load_timezone", file=name)
    kept = kept_original(con, name)
    if kept is None:
        raise FileProblem(f"{name} has no kept original in this workspace (it was loaded by an older "
                          "version); upload it again to map it differently.")
    kept = str(kept)
    progress = progress or (lambda fraction, message: None)
    return _reading_serially_when_needed(lambda serial: _load_all(
        con, [Path(kept)], {name: mapping}, [], None, progress, {kept: name}, serial, True, replacing=name,
        timezone=timezone), {kept: name})


def _file_progress(progress: Progress, index: int, count: int, name: str):
    """Progress for the stages of one file, within its share of the whole load."""
    def step(part: float, what: str) -> None:
        progress((index + part) / (count + 1), f"{name} ({index + 1} of {count}): {what}")
    return step


def rebuild(con) -> None:
    """Stitch identities and rebuild touchpoints and steps from everything loaded."""
    identities.stitch(con)
    rules.apply_rules(con)


def refresh(con, load_ids: list[int]) -> None:
    """After appending these loads: re-stitch and renumber only the customers they touch."""
    db.run(con, "identity/touched", load_ids=load_ids)
    db.run(con, "identity/scope", load_ids=load_ids)
    identities.stitch(con, scoped=True)
    rules.apply_rules(con, scoped=True)
    for scratch in ("id_scope", "id_touched"):
        db.drop_table(con, scratch)


def _load_one(con, path: Path, name: str, mapping: Mapping | None, country: str, serial: bool,
              step, again: bool, kept: list | None, timezone: str | None = None) -> tuple[FileReport, int]:
    """One file into events, identity_links and rejects; its original is kept (and listed in
    `kept`, for the caller to remove should the load not land) unless kept is None."""
    load_id = db.scalar(con, "ingest/next_load_id")
    step(0.0, "reading")
    # Kept (and a compressed file checked whole) before anything is read from it.
    kept_file, digest = keep.keep_original(path, keep.kept_folder(con) if kept is not None else None, load_id, name)
    if kept_file is not None:
        kept.append(kept_file)
    with transcode.readable(path, name) as source:
        sample = read_sample(con, source.path, serial=serial)
        first = _sample(con, "file_sample", sample.columns)
        mapping = mapping or activities.recognise(sample.columns, first)
        if mapping is None:
            raise UnknownLayout(name, sample.columns, summary.sentence(sample.columns, first))
        timezone = timezone or rules.settings(con)["timezone"]
        check_mapping(mapping, sample.columns, name)
        if not again:
            _refuse_duplicate(con, digest, name)
        text = {mapping.columns[f] for f in TEXT_FIELDS if mapping.columns.get(f)}
        read = read_rows(con, source.path, text_columns=text, serial=serial)
        read.bad_rows["line"] += source.skipped   # lines of the file as the user has it
    step(0.4, f"mapping {read.rows:,} rows as {mapping.layout}")
    ts_format = _map_rows(con, "file_rows", read.columns, mapping, country, name, read.extra_columns, read.types,
                          timezone)
    step(0.8, "saving")
    loaded, rejected = db.rows(con, "ingest/count_final")[0]
    reasons = dict(db.rows(con, "ingest/reject_reasons"))
    db.run(con, "ingest/insert_identity_links", load_id=load_id)
    profiles = (contacts.save_profiles(con, load_id, activities.profile_params(
        mapping, kept_attributes(mapping, read.columns))) if mapping.profiles else None)
    if mapping.kind == contacts.KIND:
        contacts.save(con, load_id)
    elif mapping.kind == activities.KIND:
        db.run(con, "ingest/insert_activity_events", load_id=load_id, file=name)
    else:
        db.run(con, "ingest/insert_events", load_id=load_id, file=name, kind=mapping.kind)
    db.run(con, "ingest/insert_rejects", file=name)
    if len(read.bad_rows):
        con.register("bad_rows", read.bad_rows)
        db.run(con, "ingest/insert_reader_rejects", file=name)
        con.unregister("bad_rows")
        for reason in read.bad_rows["reason"]:
            reasons[reason] = reasons.get(reason, 0) + 1
    report = FileReport(name, mapping.layout, mapping.kind, read.rows + len(read.bad_rows),
                        loaded, rejected + len(read.bad_rows), ts_format, reasons, profiles=profiles)
    db.run(con, "ingest/insert_load", load_id=load_id, file=name, layout=mapping.layout,
           kind=mapping.kind, kept_file=path.name if kept is None else kept_file.name if kept_file else None,
           content_hash=digest,
           rows_in_file=report.rows_in_file, rows_loaded=loaded, rows_rejected=report.rows_rejected,
           mapping=mapping.to_json(), timezone=timezone)
    for scratch in SCRATCH_TABLES:  # a big file's copies would crowd the next steps out of memory
        db.drop_table(con, scratch)
    return report, load_id


def _refuse_duplicate(con, digest: str, name: str) -> None:
    earlier = db.rows(con, "ingest/same_content", content_hash=digest)
    if earlier:
        file, when = earlier[0]
        raise FileProblem(f"{name} is the same file as {file}, loaded already on {when:%Y-%m-%d %H:%M} UTC. "
                          "Load it again only to count its rows twice (--again, or tick \"Load again\" on the "
                          "Data page).")


def _map_rows(con, source: str, columns: list[str], mapping: Mapping, country: str, name: str,
              extra_columns: list[str] = (), types: dict | None = None, timezone: str | None = None) -> str:
    """staged (a view of the file's rows) → mapped → final (temp tables); returns the
    timestamp format chosen ('native' when the reader typed the column as a time)."""
    check_mapping(mapping, columns, name)
    db.create_staged(con, source, {f"f_{fld}": mapping.columns.get(fld) for fld in FIELDS},
                     kept_attributes(mapping, columns), list(extra_columns), mapping.columns.get("timestamp"),
                     types or {})
    db.run(con, "ingest/macro_value")
    if mapping.kind == activities.KIND:
        _map_activities(con, mapping)
    else:
        db.run(con, "ingest/map_call" if mapping.kind == "call" else
               "ingest/map_email" if mapping.kind == "email" else
               "customers/map_contacts" if mapping.kind == contacts.KIND else "ingest/map_web")
    native = str((types or {}).get(mapping.columns.get("timestamp"), "")).upper() in db.TEMPORAL
    ts_format = "native" if native else timestamps.detect_format(con, country)
    con.register("phone_map", identities.phone_table(db.rows(con, "ingest/phones"), country))
    db.run(con, "ingest/finalize", ts_format=ts_format, ts_fallbacks=timestamps.fallbacks(ts_format, country),
           ts_zoned_fallbacks=timestamps.fallbacks(ts_format, country, zoned=True),
           timezone=timezone or rules.settings(con)["timezone"],
           native_zoned=str((types or {}).get(mapping.columns.get("timestamp"), "")).upper()
           in ("TIMESTAMP WITH TIME ZONE", "DATE"))
    con.unregister("phone_map")  # not on failure: the aborted transaction refuses it, and no harm
    return ts_format


def _map_activities(con, mapping: Mapping) -> None:
    """Each kind's rows as its exports are mapped, then one kind per row (map_activities.sql)."""
    db.run(con, "ingest/activity_rows", call_words=list(activities.CALL_WORDS),
           email_words=list(activities.EMAIL_WORDS))
    for kind, query in (("call", "ingest/map_call"), ("email", "ingest/map_email"), ("other", "ingest/map_web")):
        db.run(con, f"ingest/activity_staged_{kind}")
        db.run(con, query)
        db.drop_table(con, f"mapped_{kind}")
        db.rename_table(con, "mapped", f"mapped_{kind}")
    db.run(con, "ingest/activity_staged_all")
    db.run(con, "ingest/map_activities", duration_ms=activities.duration_in_ms(mapping.columns.get("duration")))


def check_mapping(mapping: Mapping, columns: list[str], name: str) -> None:
    missing = [c for c in list(mapping.columns.values()) + list(mapping.attributes.values())
               if c and c not in columns]
    if missing:
        raise FileProblem(f'{name} has no column "{missing[0]}", which the mapping uses. '
                          f"Its columns are: {', '.join(columns[:12])}.")
    if not mapping.columns.get("timestamp") and mapping.kind != contacts.KIND:
        raise FileProblem(f"{name}: choose which column holds the timestamp.")
    if not any(mapping.columns.get(f) for f in IDENTIFIER_FIELDS) and not mapping.columns.get("params"):
        raise FileProblem(f"{name}: choose at least one column that identifies the customer "
                          "(user id, anonymous id, email or phone).")


def kept_attributes(mapping: Mapping, columns: list[str]) -> dict[str, str]:
    """attrs: the mapping's named attributes (device, country …), then every column of the file
    under its own name too, except the columns mapped to fields (ids, time, event …)."""
    used = {c for c in mapping.columns.values() if c}
    attrs = {a: c for a, c in mapping.attributes.items() if c in columns}
    for column in columns:
        # Names in one JSON object differ by more than case (DuckDB's structs ignore it).
        if column not in used and column.lower() not in {a.lower() for a in attrs}:
            attrs[column] = column
    return attrs


def _sample(con, table: str, columns: list[str], n: int = 200) -> dict[str, list]:
    frame = con.table(table).limit(n).df()
    return {c: frame[c].tolist() for c in columns if c in frame}


def inspect_file(con, path: str | Path, mapping: Mapping | None = None, name: str | None = None,
                 rows: int = PREVIEW_ROWS, timezone: str | None = None) -> Inspection:
    """Read the first rows, recognise the layout and show what they would become; changes nothing."""
    path = Path(path)
    return _reading_serially_when_needed(
        lambda serial: _inspect(con, path, mapping, name or path.name, rows, serial=str(path) in serial,
                                timezone=timezone), {str(path): name or path.name})


def _inspect(con, path: Path, mapping: Mapping | None, name: str, rows: int, serial: bool,
             timezone: str | None = None) -> Inspection:
    with db.rolled_back(con):
        country = rules.settings(con)["default_country"]
        with transcode.readable(path, name) as source:
            read = read_sample(con, source.path, rows=rows, serial=serial)
        raw_preview = con.table("file_sample").limit(20).df()
        sample = _sample(con, "file_sample", read.columns)
        mapping = mapping or activities.recognise(read.columns, sample)
        preview, ts_format, checked, rejected = None, None, 0, {}
        if mapping is not None:
            try:
                ts_format = _map_rows(con, "file_sample", read.columns, mapping, country, name,
                                      read.extra_columns, read.types, timezone)
                preview = db.frame(con, "ingest/preview")
                checked = sum(db.rows(con, "ingest/count_final")[0])
                rejected = dict(db.rows(con, "ingest/reject_reasons"))
            except FileProblem:
                preview = None
    return Inspection(name, read.format, source.encoding or read.encoding, read.columns, mapping, raw_preview,
                      preview, ts_format, sample, checked, rejected)
