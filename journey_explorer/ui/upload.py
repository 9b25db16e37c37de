"""Data page widgets: drop files, see what each was recognised as, map unknown ones, load."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import streamlit as st

from journey_explorer import ingest, rules
from journey_explorer import workspace as wsp
from journey_explorer.ingest.layouts import (LAYOUT_NAMES, Mapping, guess_from_values, guess_mapping,
                                             layout_by_name)
from journey_explorer.exports import safe_csv
from journey_explorer.ingest.read import FileProblem
from journey_explorer.ingest.timestamps import describe_format
from journey_explorer.model import FIELDS, KINDS
from journey_explorer.views import tables

from . import contact_details, state

FILE_TYPES = ["csv", "tsv", "txt", "tab", "json", "ndjson", "jsonl", "parquet", "pq", "gz"]
MAPPED_FIELDS = ["timestamp", "user_id", "anonymous_id", "email", "phone", "event", "page", "source",
                 "medium", "campaign", "keyword", "value", "session_id", "duration", "answered",
                 "first_call"]
NONE = "—"
KIND_LABELS = {"web": "Web analytics", "call": "Call log", "email": "Email activity",
               "other": "Other events", "contacts": "Contact list (customer fields)"}
UPLOAD_KINDS = KINDS + ("contacts",)


def save_upload(target, upload) -> Path:
    """Keep the uploaded bytes in the workspace (nothing lost), once per distinct file.

    Each rerun of the page sees the same uploads again; they are hashed and written only the
    first time (uploads can be hundreds of MB).
    """
    saved = st.session_state.setdefault("data_saved_uploads", {})
    key = (target.key, upload.file_id)
    if key not in saved:
        data = upload.getvalue()
        safe = re.sub(r"[^\w.-]+", "_", upload.name)[-120:]
        folder = wsp.upload_dir(target.id) if target.id else Path(target.key).parent / "uploads"
        folder.mkdir(exist_ok=True)
        path = folder / f"{hashlib.sha1(data).hexdigest()[:10]}-{safe}"
        if not path.exists():
            path.write_bytes(data)
        saved[key] = path
    return saved[key]


def mapping_step(insp: ingest.Inspection, key: str) -> Mapping | None:
    """Dropdowns pre-filled with guesses; returns the mapping the user settled on."""
    sample = {c: insp.raw_preview[c].tolist() for c in insp.columns if c in insp.raw_preview}
    start = insp.mapping or Mapping("Custom mapping", "other",
                                    guess_from_values(insp.columns, sample, guess_mapping(insp.columns)))
    saved = st.file_uploader("Use a saved mapping (JSON)", type=["json"], key=f"{key}_saved")
    if saved is not None:
        try:
            start = Mapping.from_json(saved.getvalue().decode("utf-8", "replace"))
        except ValueError as exc:
            st.error(str(exc))
    kind = st.selectbox("What kind of data is this?", UPLOAD_KINDS, index=UPLOAD_KINDS.index(start.kind),
                        format_func=KIND_LABELS.get, key=f"{key}_kind")
    options = [NONE] + insp.columns
    chosen = {}
    grid = st.columns(4)
    for i, fld in enumerate(MAPPED_FIELDS):
        current = start.columns.get(fld)
        chosen[fld] = grid[i % 4].selectbox(FIELDS[fld], options, key=f"{key}_{fld}",
                                            index=options.index(current) if current in options else 0)
    columns = {f: (None if c == NONE else c) for f, c in chosen.items()}
    columns.update({f: start.columns.get(f) for f in FIELDS if f not in MAPPED_FIELDS})
    used = {c for c in columns.values() if c}
    attrs = st.multiselect("Keep these columns as attributes (for segments and filters)",
                           [c for c in insp.columns if c not in used],
                           default=[c for c in start.attributes.values() if c in insp.columns and c not in used],
                           key=f"{key}_attrs")
    mapping = Mapping(start.layout if start.layout in LAYOUT_NAMES and kind == layout_by_name(start.layout).kind
                      else "Custom mapping", kind, columns, {re.sub(r"\W+", "_", a).lower(): a for a in attrs})
    st.download_button("Save this mapping", mapping.to_json(), file_name=f"{Path(insp.file).stem}.mapping.json",
                       mime="application/json", key=f"{key}_download")
    return mapping


def file_card(con, name: str, path: Path, key: str) -> Mapping | None:
    """Recognition, preview and (when needed) the mapping step for one dropped file."""
    try:
        insp = ingest.inspect_file(con, path, name=name)
    except FileProblem as exc:
        st.error(str(exc))
        return None
    manual = insp.mapping is None or st.toggle("Change how columns are read", key=f"{key}_manual")
    if insp.mapping is None:
        st.warning("The columns were not recognised as a known export. Tell us which column is which:")
    else:
        st.success(f"Recognised as **{insp.mapping.layout}** ({insp.format.upper()}"
                   + (f", {insp.encoding}" if insp.encoding else "")
                   + (f"; timestamps read as {describe_format(insp.timestamp_format)}" if insp.timestamp_format else "")
                   + ").")
    mapping = mapping_step(insp, key) if manual else insp.mapping
    if manual and mapping is not None:
        try:
            insp = ingest.inspect_file(con, path, mapping=mapping, name=name)
        except FileProblem as exc:
            st.error(str(exc))
            return None
    if insp.preview is None:
        st.info("Choose at least a timestamp column and one column that identifies the customer.")
        return None
    st.caption("The first rows as they will be loaded (emails and phone numbers masked):")
    st.dataframe(insp.preview, hide_index=True, width="stretch")
    with st.popover("Show the file's own columns"):
        st.dataframe(insp.raw_preview, hide_index=True)
    return mapping


def load_button(target, files: dict[str, Path], mappings: dict[str, Mapping], country: str) -> None:
    if not files:
        return
    label = f"Load {len(files)} file{'s' if len(files) > 1 else ''}"
    if st.session_state.get("data_offer_again"):
        again_box()
    if not st.button(label, type="primary", key="data_load", disabled=len(mappings) < len(files)):
        return
    bar = st.progress(0.0, text="Starting…")
    try:
        report = ingest.load_files(target.con, list(files.values()), mappings={str(files[n]): m for n, m in mappings.items()},
                                   country=country, names={str(p): n for n, p in files.items()},
                                   progress=lambda f, m: bar.progress(f, text=m),
                                   again=st.session_state.get("data_again", False))
    except FileProblem as exc:
        bar.empty()
        st.error(f"Nothing was loaded: {exc}")
        if "loaded already on" in str(exc) and not st.session_state.get("data_offer_again"):
            st.session_state["data_offer_again"] = True
            again_box()
        return
    st.session_state["data_last_report"] = report
    loaded_files().update(str(p) for p in files.values())
    st.rerun()  # so the sidebar's filters and every count show the new data


def again_box() -> None:
    st.checkbox("Load again files that are in the workspace already (their rows will count twice)",
                key="data_again")


def loaded_files() -> set[str]:
    """Uploads (stored by content) this session has loaded already: never loaded twice by accident."""
    return st.session_state.setdefault("data_loaded_files", set())


def last_report(con) -> None:
    report = st.session_state.get("data_last_report")
    if report is None:
        return
    st.success(f"Loaded. The workspace now has {report.touchpoints:,} touchpoints from "
               f"{report.customers:,} customers.")
    st.dataframe([{"File": f.file, "Recognised as": f.layout, "Rows in file": f.rows_in_file,
                   "Loaded": f.rows_loaded, "Rejected": f.rows_rejected,
                   "Timestamps read as": describe_format(f.timestamp_format)} for f in report.files],
                 hide_index=True, width="stretch")
    reasons = [{"File": f.file, "Why rows were rejected": r, "Rows": n}
               for f in report.files for r, n in f.reject_reasons.items()]
    if reasons:
        st.dataframe(reasons, hide_index=True, width="stretch")
    rejects = tables.rejects(con, files=[f.file for f in report.files])
    if len(rejects):
        label = "the rejected row" if len(rejects) == 1 else f"the {len(rejects):,} rejected rows"
        st.download_button(f"Download {label} (CSV)", safe_csv(rejects, show_pii=contact_details.shown()),
                           file_name="rejects.csv", mime="text/csv", key="data_rejects_download")
        st.dataframe(rejects, hide_index=True, width="stretch", height="auto" if len(rejects) < 8 else 300)


def render() -> None:
    ws = state.workspace()
    countries = ["US", "GB", "CA", "AU", "IE", "DE", "FR", "NL", "ES", "IT", "SE", "IN", "NZ", "ZA"]
    saved = rules.settings(ws.con).get("default_country", "US")
    countries = countries if saved in countries else [saved, *countries]
    country = st.selectbox("Phone numbers without a country code are from", countries, key="data_country",
                           index=countries.index(saved),
                           help="Used to read numbers like (415) 555-0132 or 020 7946 0000.")
    uploads = st.file_uploader("Drop web analytics, call log or email activity exports",
                               type=FILE_TYPES, accept_multiple_files=True, key="data_upload",
                               help="CSV, TSV, JSON/NDJSON or Parquet, also gzipped. GA4, Segment, "
                                    "Mixpanel, Amplitude, Snowplow, CallRail/CTM call logs, Mailchimp, "
                                    "HubSpot, Klaviyo, SendGrid and plain event logs are recognised.")
    if not uploads:
        if ws.read_only:
            st.caption("Your files go into a private workspace of your own; the demo stays as it is.")
        last_report(ws.con)
        return
    target = state.writable_workspace()
    files = {u.name: save_upload(target, u) for u in uploads}
    done = [n for n, p in files.items() if str(p) in loaded_files()]
    if done:
        st.caption(f"Already loaded into this workspace: {', '.join(done)}.")
    files = {n: p for n, p in files.items() if n not in done}
    mappings = {}
    for i, (name, path) in enumerate(files.items()):
        with st.expander(name, expanded=True):
            mapping = file_card(target.con, name, path, key=f"data_file_{i}")
            if mapping is not None:
                mappings[name] = mapping
    load_button(target, files, mappings, country)
    last_report(target.con)


def remap(ws) -> None:
    """Map a loaded file again from the original the workspace kept, without a new upload."""
    names = [n for n in tables.loads(ws.con)["file"] if ingest.kept_original(ws.con, n) is not None]
    # A toggle, not an expander: the kept file is only read once someone asks for it.
    if ws.read_only or not names or not st.toggle("Map a loaded file again", key="data_remap",
                                                  help="Read a file's kept original with other columns, "
                                                       "without uploading it again."):
        return
    name = st.selectbox("File", names, key="data_remap_file")
    mapping = file_card(ws.con, name, ingest.kept_original(ws.con, name), key="data_remap_card")
    if mapping is not None and st.button(f"Load {name} again with this mapping", key="data_remap_go"):
        bar = st.progress(0.0, text="Starting…")
        try:
            st.session_state["data_last_report"] = ingest.remap_file(
                ws.con, name, mapping, progress=lambda f, m: bar.progress(f, text=m))
        except FileProblem as exc:
            bar.empty()
            st.error(f"Nothing changed: {exc}")
            return
        st.rerun()
