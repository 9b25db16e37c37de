"""Data page widgets: drop files, see what each was recognised as, map unknown ones, load."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import streamlit as st

from journey_explorer import ingest, rules
from journey_explorer import workspace as wsp
from journey_explorer.ingest import confidence, summary
from journey_explorer.ingest.layouts import (LAYOUT_NAMES, Mapping, guess_attributes, guess_from_values,
                                             guess_mapping, layout_by_name)
from journey_explorer.exports import safe_csv
from journey_explorer.ingest.read import FileProblem
from journey_explorer.ingest.timestamps import describe_format
from journey_explorer.model import FIELDS, IDENTIFIER_FIELDS, KINDS
from journey_explorer.views import tables

from . import contact_details, state

FILE_TYPES = ["csv", "tsv", "txt", "tab", "json", "ndjson", "jsonl", "parquet", "pq", "gz"]
MAPPED_FIELDS = ["timestamp", "user_id", "anonymous_id", "email", "phone", "event", "page", "source",
                 "medium", "campaign", "keyword", "value", "session_id", "duration", "answered",
                 "first_call"]
NONE = "—"
CUSTOM = "Custom mapping"
KIND_LABELS = {"web": "Web analytics", "call": "Call log", "email": "Email activity",
               "other": "Other events", "contacts": "Contact list (customer fields)",
               "activities": "CRM activities (calls, emails, meetings in one file)"}
UPLOAD_KINDS = KINDS + ("contacts", "activities")
# Preview columns a contact list leaves empty (it has no touchpoints).
TOUCHPOINT_ONLY = ("ts", "touchpoint", "source", "medium", "campaign", "value")
# The recognition's level → the box it is said in.
LEVEL_BOX = {confidence.SURE: st.success, confidence.FAIRLY_SURE: st.info, confidence.NOT_SURE: st.warning}


def save_upload(target, upload) -> Path:
    """Keep the uploaded bytes in the workspace (nothing lost), once per distinct file.

    Each rerun of the page sees the same uploads again; they are hashed and written only the
    first time (uploads can be hundreds of MB).
    """
    saved = st.session_state.setdefault("data_saved_uploads", {})
    key = (target.key, upload.file_id)
    if key not in saved:
        data = upload.getbuffer()   # no copy: an upload can be hundreds of MB
        safe = re.sub(r"[^\w.-]+", "_", upload.name)[-120:]
        folder = wsp.upload_dir(target.id) if target.id else Path(target.key).parent / "uploads"
        folder.mkdir(exist_ok=True)
        path = folder / f"{hashlib.sha1(data).hexdigest()[:10]}-{safe}"
        if not path.exists():
            path.write_bytes(data)
        saved[key] = path
    return saved[key]


def mapping_step(insp: ingest.Inspection, key: str, sample: dict[str, list]) -> Mapping | None:
    """Dropdowns pre-filled with guesses (from the sample's values where the names say nothing);
    returns the mapping the user settled on: its kind and every column can be changed."""
    start = insp.mapping or Mapping(CUSTOM, "other",
                                    guess_from_values(insp.columns, sample, guess_mapping(insp.columns)))
    if summary.sentence(insp.columns, sample):   # its dimension values are nobody: no customer id offered
        start = Mapping(start.layout, start.kind, {f: None if f in IDENTIFIER_FIELDS else c
                                                   for f, c in start.columns.items()}, start.attributes)
    saved = st.file_uploader("Use a saved mapping (JSON)", type=["json"], key=f"{key}_saved")
    if saved is not None:
        try:
            start = Mapping.from_json(saved.getvalue().decode("utf-8", "replace"))
        except ValueError as exc:
            st.error(str(exc))
    layouts = LAYOUT_NAMES + [CUSTOM]
    initial = start.layout if start.layout in layouts else CUSTOM
    layout = st.selectbox("Which tool's export is it?", layouts, index=layouts.index(initial), key=f"{key}_layout",
                          help="Another choice reads the columns again the way that tool names them.")
    if layout != initial:
        # Widgets of their own for this layout: they start from its guesses, not the first ones.
        start, key = layout_guess(insp.columns, sample, layout, start), key + "_" + re.sub(r"\W+", "_", layout).lower()
    kind = st.selectbox("What kind of data is this?", UPLOAD_KINDS, index=UPLOAD_KINDS.index(start.kind),
                        format_func=KIND_LABELS.get, key=f"{key}_kind")
    options = [NONE] + insp.columns
    chosen = {}
    grid = st.columns(4)
    # A contact list is identifiers and customer fields: its other columns are kept as they are.
    shown = [f for f in MAPPED_FIELDS if kind != "contacts" or f in IDENTIFIER_FIELDS]
    for i, fld in enumerate(shown):
        current = start.columns.get(fld)
        chosen[fld] = grid[i % 4].selectbox(FIELDS[fld], options, key=f"{key}_{fld}",
                                            index=options.index(current) if current in options else 0)
    columns = {f: (None if c == NONE else c) for f, c in chosen.items()}
    columns.update({f: None if kind == "contacts" else start.columns.get(f) for f in FIELDS if f not in shown})
    used = {c for c in columns.values() if c}
    attrs = st.multiselect("Keep these columns as attributes (for segments and filters)",
                           [c for c in insp.columns if c not in used],
                           default=[c for c in start.attributes.values() if c in insp.columns and c not in used],
                           key=f"{key}_attrs")
    mapping = Mapping(start.layout if start.layout in LAYOUT_NAMES and kind == layout_by_name(start.layout).kind
                      else CUSTOM, kind, columns, {re.sub(r"\W+", "_", a).lower(): a for a in attrs},
                      profiles=start.profiles if kind == start.kind else None)
    st.download_button("Save this mapping", mapping.to_json(), file_name=f"{Path(insp.file).stem}.mapping.json",
                       mime="application/json", key=f"{key}_download")
    return mapping


def layout_guess(columns: list[str], sample: dict[str, list], layout: str, before: Mapping) -> Mapping:
    """The columns as this layout (or no layout: CUSTOM) names them; where its names say nothing,
    the columns chosen before (a recognition by values), then guesses from the values."""
    chosen = None if layout == CUSTOM else layout_by_name(layout)
    named = guess_mapping(columns, chosen)
    taken = {c for c in named.values() if c}
    named = {f: c or (before.columns.get(f) if before.columns.get(f) not in taken else None) for f, c in named.items()}
    guessed = guess_from_values(columns, sample, named)
    if chosen is not None and chosen.kind == "contacts":
        return Mapping(layout, "contacts", {f: c if f in IDENTIFIER_FIELDS else None for f, c in guessed.items()})
    return Mapping(layout, chosen.kind if chosen else "other", guessed, guess_attributes(columns, guessed))


def file_card(con, name: str, path: Path, key: str) -> Mapping | None:
    """Recognition (what, which column is which, how sure), preview and the mapping step for one
    dropped file; the mapping step opens by itself when the recognition is not sure."""
    try:
        insp = ingest.inspect_file(con, path, name=name)
    except FileProblem as exc:
        st.error(str(exc))
        return None
    sure = confidence.assess(insp.columns, insp.sample, insp.mapping, checked=insp.rows_checked,
                             rejected=insp.rejected)
    recognition(insp, sure)
    manual = insp.mapping is None or st.toggle(
        "Change how columns are read", value=sure.check_mapping, key=f"{key}_manual",
        help="Choose the kind of data and which column is which yourself.")
    mapping = mapping_step(insp, key, insp.sample) if manual else insp.mapping
    if manual and mapping is not None and (insp.mapping is None or (mapping.kind, mapping.columns)
                                           != (insp.mapping.kind, insp.mapping.columns)):
        sure = confidence.assess(insp.columns, insp.sample, mapping, chosen=True)
        if sure.check_mapping:
            st.warning(sure.sentence)
    if manual and mapping is not None:
        try:
            insp = ingest.inspect_file(con, path, mapping=mapping, name=name)
        except FileProblem as exc:
            st.error(str(exc))
            return None
    if mapping is not None:
        column_choices(insp.columns, mapping, sure)
    if insp.preview is None:
        st.info("Choose at least a timestamp column and one column that identifies the customer.")
        return None
    preview = insp.preview
    if mapping is not None and mapping.kind == "contacts":   # no touchpoints: only who each contact is
        preview = preview.drop(columns=[c for c in TOUCHPOINT_ONLY if c in preview])
    if "reason" in preview and preview["reason"].isna().all():   # no row of these would be rejected
        preview = preview.drop(columns="reason")
    text = [c for c in preview if preview[c].dtype == object or preview[c].dtype == "str"]
    st.caption("The first rows as they will be loaded (emails and phone numbers masked):")
    st.dataframe(preview.astype({c: "string" for c in text}).fillna({c: "" for c in text}),
                 hide_index=True, width="stretch")
    with st.popover("Show the file's own columns"):
        st.dataframe(contact_details.masked(insp.raw_preview), hide_index=True)
    return mapping


def recognition(insp: ingest.Inspection, sure: confidence.Confidence) -> None:
    """What the file was recognised as and how sure that is, in one box."""
    if insp.mapping is None:
        st.warning(sure.sentence if summary.sentence(insp.columns, insp.sample) else
                   "Not sure: the columns were not recognised as a known export. Tell us which column is which:")
        return
    layout, kind = insp.mapping.layout, KIND_LABELS.get(insp.mapping.kind, insp.mapping.kind)
    # "GA4 export: web analytics", but not "Call log: call log".
    kind = "" if kind.split()[0].lower() in layout.lower() else f": {kind[0].lower() + kind[1:]}"
    LEVEL_BOX[sure.level](
        f"Recognised as **{layout}**{kind} ({insp.format.upper()}"
        + (f", {insp.encoding}" if insp.encoding else "")
        + (f"; timestamps read as {describe_format(insp.timestamp_format)}"
           if insp.timestamp_format and insp.mapping.kind != "contacts" else "")
        + f").  \n{sure.sentence}")


def column_choices(columns: list[str], mapping: Mapping, sure: confidence.Confidence) -> None:
    """Which column became what, how it was chosen and how many of its first values fit."""
    rows = [{"Read as": FIELDS.get(e.field, e.field), "Column": e.column, "Chosen by": e.by,
             "Values that fit": e.fits()} for e in sure.columns]
    used = {c for c in mapping.columns.values() if c}
    by = confidence.BY_YOU if sure.basis == "yours" else confidence.BY_NAME
    # Named attributes too: a file's own channel column replaces the channel rules for its rows.
    rows += [{"Read as": "Channel (as the file says)" if attr == "channel" else attr.replace("_", " ").capitalize(),
              "Column": column, "Chosen by": by, "Values that fit": ""}
             for attr, column in mapping.attributes.items() if column in columns and column not in used]
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")
    used |= set(mapping.attributes.values())
    rest = [c for c in columns if c not in used]
    if rest:
        kept = ", ".join(f"`{c}`" for c in rest[:12]) + (" …" if len(rest) > 12 else "")
        st.caption(("Every other column becomes a customer field: " if mapping.kind == "contacts" else
                    "Every other column is kept as it is, for filters and segments: ") + kept + ".")


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
    now = f"The workspace now has {report.touchpoints:,} touchpoints from {report.customers:,} customers."
    empty = [f.warning for f in report.files if f.warning]
    if empty:
        st.warning("  \n".join(empty) + f"  \n{now}")
    else:
        st.success(f"Loaded. {now}")
    lists = [f for f in report.files if f.contacts_matched is not None]
    profiles = any(f.profiles for f in report.files)   # identify messages that became customer fields
    for f in lists:
        st.info(f"{f.file}: {report.matched(f)}. Its other columns are customer fields now: compare "
                "customers by them on the Segments page.")
    st.dataframe([{"File": f.file, "Recognised as": f.layout, "Rows in file": f.rows_in_file,
                   "Loaded": f.rows_loaded, "Rejected": f.rows_rejected,
                   "Timestamps read as": describe_format(f.timestamp_format)}
                  | ({"Contacts matched": f.contacts_matched} if lists else {})
                  | ({"Profiles (customer fields)": f.profiles} if profiles else {}) for f in report.files],
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
