"""What a new user hit loading real-shaped exports (issue 12/16): 12-hour call-log times with and
without offsets, Windows-1252 files, GA4 Explore downloads with `#` notes, gclid visits, CTM's
column names and a contact list loaded before any event file.

Expected values come from the files themselves (Python's csv and datetime), not from the code
under test. The files are generated (example.com addresses, 555 numbers), as the tester made them.
"""
from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import zstandard
from helpers import ga4_params, write_csv

from journey_explorer import ingest, rules, workspace
from journey_explorer.ingest import confidence, inspect_file, load_files
from journey_explorer.ingest.layouts import Mapping
from journey_explorer.ingest.load import UnknownLayout, kept_original
from journey_explorer.ingest.read import FileProblem

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "real_world"
CALLRAIL, CTM = HERE / "callrail_calls_export.csv", HERE / "ctm_calls.tsv"


@pytest.fixture
def con(tmp_path):
    con = workspace.connect(tmp_path / "ws.duckdb")
    yield con
    con.close()


def table(path: Path) -> list[dict]:
    delimiter = "\t" if path.suffix == ".tsv" else ","
    return list(csv.DictReader(path.open(encoding="utf-8", newline=""), delimiter=delimiter))


def times(con, file: str) -> list[dt.datetime]:
    return [t for (t,) in con.execute("SELECT ts FROM events WHERE origin_file = ? ORDER BY origin_row",
                                      [file]).fetchall()]


def test_callrail_twelve_hour_times_load_every_row_in_the_workspace_zone(con):
    zone = ZoneInfo(rules.settings(con)["timezone"])
    report = load_files(con, [CALLRAIL]).files[0]
    rows = table(CALLRAIL)
    assert (report.layout, report.rows_loaded, report.rows_rejected) == ("Call log", len(rows), 0)
    assert report.warning == ""
    expected = [dt.datetime.strptime(r["Start Time"], "%Y-%m-%d %I:%M %p").replace(tzinfo=zone)
                .astimezone(dt.timezone.utc).replace(tzinfo=None) for r in rows]
    assert times(con, CALLRAIL.name) == expected
    assert any(t.hour >= 12 for t in expected) or any(r["Start Time"].endswith("AM") for r in rows)


@pytest.mark.parametrize("name", ["ctm_calls.tsv", "ctm_ampm_colon_offset.tsv", "ctm_iso_offset.tsv"])
def test_ctm_times_with_an_offset_read_as_the_same_utc_instants_however_written(con, name):
    path = HERE / name
    report = load_files(con, [path]).files[0]
    rows = table(path)
    assert (report.rows_loaded, report.rows_rejected) == (len(rows), 0)
    written = [r["Called At"] for r in rows]
    parse = (dt.datetime.fromisoformat if "T" in written[0]
             else lambda v: dt.datetime.strptime(v, "%Y-%m-%d %I:%M %p %z"))
    expected = [parse(v).astimezone(dt.timezone.utc).replace(tzinfo=None) for v in written]
    assert times(con, name) == expected


def test_twelve_hour_times_without_an_offset_are_wall_clock_in_the_files_zone(con):
    path = HERE / "ctm_ampm_nooffset.tsv"
    load_files(con, [path], timezone="America/Chicago")
    expected = [dt.datetime.strptime(r["Called At"], "%Y-%m-%d %I:%M %p").replace(tzinfo=ZoneInfo("America/Chicago"))
                .astimezone(dt.timezone.utc).replace(tzinfo=None) for r in table(path)]
    assert times(con, path.name) == expected


def unreadable_times(tmp_path) -> Path:
    """CallRail's file with times that start like times and are followed by a note."""
    rows = table(CALLRAIL)
    for r in rows:
        r["Start Time"] += " (Austin)"
    return write_csv(tmp_path / "calls_feb30.csv", list(rows[0]), [list(r.values()) for r in rows])


def test_a_preview_that_would_reject_most_rows_is_not_sure(con, tmp_path):
    path = unreadable_times(tmp_path)
    insp = inspect_file(con, path)
    rows = len(table(path))
    assert insp.rows_checked == rows and insp.rejected == {"timestamp not understood": rows}
    sure = confidence.assess(insp.columns, insp.sample, insp.mapping, checked=insp.rows_checked,
                             rejected=insp.rejected)
    assert sure.level == confidence.NOT_SURE and sure.check_mapping
    assert sure.sentence == (f"Not sure: {rows} of {rows} rows would be rejected: timestamp not understood; "
                             "please check the mapping.")
    # The same columns with readable times stay sure.
    good = inspect_file(con, CALLRAIL)
    assert confidence.assess(good.columns, good.sample, good.mapping, checked=good.rows_checked,
                             rejected=good.rejected).level == confidence.SURE


def test_a_load_of_no_rows_says_so_instead_of_success(con, tmp_path):
    path = unreadable_times(tmp_path)
    report = load_files(con, [path]).files[0]
    rows = len(table(path))
    assert (report.rows_loaded, report.rows_rejected) == (0, rows)
    assert report.warning.startswith(f"Nothing from {path.name} was loaded: all {rows} of its rows were rejected "
                                     f"({rows} × timestamp not understood)")
    assert report.summary()["warning"] == report.warning
    assert "warning" not in load_files(con, [CALLRAIL]).files[0].summary()


GERMAN = Mapping("Event log", "other", {"timestamp": "Bestelldatum", "email": "Kunden-E-Mail",
                                        "phone": "Telefon", "event": "Kanal", "value": "Betrag (€)"})


def test_a_windows_1252_file_loads_with_its_characters_and_is_kept_byte_for_byte(con):
    path = HERE / "bestellungen_excel_de.csv"
    original = path.read_bytes()
    assert b"\x80" in original and b"\x84" in original    # € and „: not Latin-1
    expected = list(csv.DictReader(original.decode("cp1252").splitlines(), delimiter=";"))
    insp = inspect_file(con, path)
    assert insp.encoding == "Windows-1252" and "Betrag (€)" in insp.columns
    report = load_files(con, [path], mappings={str(path): GERMAN}, country="DE").files[0]
    assert (report.rows_loaded, report.rows_rejected) == (len(expected), 0)
    notes = [n for (n,) in con.execute("SELECT attrs->>'Kommentar' FROM events ORDER BY origin_row").fetchall()]
    assert notes == [r["Kommentar"] for r in expected] and "„Größe L“ – schnell geliefert" in notes
    cities = {c for (c,) in con.execute("SELECT attrs->>'Stadt' FROM events").fetchall()}
    assert cities == {r["Stadt"] for r in expected}
    kept = kept_original(con, path.name)
    assert zstandard.ZstdDecompressor().stream_reader(kept.open("rb")).read() == original
    # Mapped again from the kept (compressed) original: the same characters.
    ingest.remap_file(con, path.name, GERMAN)
    again = [n for (n,) in con.execute("SELECT attrs->>'Kommentar' FROM events ORDER BY origin_row").fetchall()]
    assert again == notes


def test_errors_name_the_file_as_the_user_gave_it_not_the_kept_copy(con, tmp_path):
    kept = tmp_path / "15324ebff9-bestellungen_excel_de.csv"
    kept.write_bytes(b"\x00\x00\x01\x02" * 1000)   # a binary file, not a table
    with pytest.raises(FileProblem) as problem:
        inspect_file(con, kept, name="bestellungen_excel_de.csv")
    assert "bestellungen_excel_de.csv" in str(problem.value) and "15324ebff9" not in str(problem.value)
    german = tmp_path / "15324ebff9-orders.csv"
    shutil.copy(HERE / "bestellungen_excel_de.csv", german)
    with pytest.raises(UnknownLayout) as unknown:
        load_files(con, [german], names={str(german): "orders.csv"})
    assert str(unknown.value).startswith("orders.csv: the columns (Bestelldatum, Kunden-E-Mail, Telefon, Betrag (€)")


def test_a_ga4_explore_download_is_read_below_its_notes_and_called_a_summary(con):
    path = HERE / "ga4_explore_free_form.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    notes = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    header = next(csv.reader([lines[notes]]))
    insp = inspect_file(con, path)
    assert insp.columns == header and insp.mapping is None
    assert len(insp.raw_preview) == min(20, len(lines) - notes - 1)
    sure = confidence.assess(insp.columns, insp.sample, insp.mapping)
    assert sure.level == confidence.NOT_SURE
    assert sure.sentence == ("Not sure. This looks like a summary report (totals per Session source / medium, Date "
                             "and Landing page + query string), not one row per visit or event: export the events "
                             "instead (for GA4: the BigQuery export).")
    with pytest.raises(UnknownLayout, match="This looks like a summary report"):
        load_files(con, [path])


def noted_and_plain(tmp_path, rows: list[list[str]]) -> tuple[Path, Path]:
    body = "user_id,event,timestamp\n" + "\n".join(",".join(r) for r in rows) + "\n"
    noted, plain = tmp_path / "noted.csv", tmp_path / "plain.csv"
    noted.write_text("# Exported 2024-03-02\n#\n# by a tool\n" + body, encoding="utf-8")
    plain.write_text(body, encoding="utf-8")
    return noted, plain


def test_note_lines_are_skipped_but_a_hash_inside_a_value_is_kept(con, tmp_path):
    rows = [["u1", "purchase #1001", "2024-03-01 10:00:00"], ["u2", "visit", "2024-03-01 11:00:00"],
            ["u3", "visit", "2024-03-01 12:00:00", "one too many"], ["u4", "#2 visit", "2024-03-01 13:00:00"]]
    noted, plain = noted_and_plain(tmp_path, rows)
    report = load_files(con, [noted]).files[0]
    assert (report.rows_loaded, report.rows_rejected) == (3, 1)
    events = [e for (e,) in con.execute("SELECT touchpoint FROM events ORDER BY origin_row").fetchall()]
    assert events == ["purchase #1001", "visit", "#2 visit"]
    load_files(con, [plain])
    by_file = {f: con.execute("SELECT origin_row, reason FROM rejects WHERE origin_file = ?", [f]).fetchall()
               for f in (noted.name, plain.name)}
    assert by_file[noted.name] == by_file[plain.name] == [(3, "the row has more values than the header has columns")]


def test_a_row_the_reader_rejects_below_note_lines_keeps_its_line_in_the_users_file(con, tmp_path):
    rows = [[f"u{i}", "visit", f"2024-03-01 10:{i % 60:02d}:00"] for i in range(3000)]
    rows.append(["u_bad", "visit", "2024-03-01 12:00:00", "one too many"])   # far past the sniffer's sample
    noted, plain = noted_and_plain(tmp_path, rows)
    load_files(con, [noted, plain])
    lines = {f: [r for (r,) in con.execute("SELECT origin_row FROM rejects WHERE origin_file = ?", [f]).fetchall()]
             for f in (noted.name, plain.name)}
    bad = ",".join(rows[-1])
    assert lines[noted.name] == [noted.read_text().splitlines().index(bad) + 1]
    assert lines[plain.name] == [plain.read_text().splitlines().index(bad) + 1]


def test_a_gclid_without_a_source_of_its_own_is_google_ads(con, tmp_path):
    header = ["event_date", "event_timestamp", "event_name", "event_params", "user_pseudo_id",
              "collected_traffic_source.gclid"]
    stamp = 1709280000000000
    rows = [["20240301", stamp, "page_view", ga4_params(page_location="https://shop.example.com/"), "a", "Cj0abc"],
            ["20240301", stamp + 1, "page_view", ga4_params(page_location="https://shop.example.com/?gclid=Cj0xyz"),
             "b", ""],
            ["20240301", stamp + 2, "page_view", ga4_params(
                page_location="https://shop.example.com/?gclid=Cj0q&utm_source=newsletter&utm_medium=email"), "c", ""],
            ["20240301", stamp + 3, "page_view", ga4_params(page_location="https://shop.example.com/"), "d", ""]]
    path = write_csv(tmp_path / "ga4.csv", header, rows)
    load_files(con, [path])
    by_row = dict((r, (s, m, c)) for r, s, m, c in con.execute(
        "SELECT origin_row, source, medium, channel FROM touchpoints").fetchall())
    got = {visitor[4]: by_row[i + 1] for i, visitor in enumerate(rows)}
    assert got["a"] == got["b"] == ("google", "cpc", "Paid Search")
    assert got["c"][:2] == ("newsletter", "email")      # its own source and medium win
    assert got["d"][2] == "Direct"


def test_ctm_tracking_source_value_and_new_caller_are_read(con):
    report = load_files(con, [CTM]).files[0]
    rows = table(CTM)
    assert report.rows_loaded == len(rows)
    sources = sorted(s for (s,) in con.execute("SELECT source FROM events").fetchall())
    assert sources == sorted(r["Tracking Source"].lower() for r in rows)
    firsts = con.execute("SELECT count(*) FROM events WHERE touchpoint = 'First call answered'").fetchone()[0]
    assert firsts == sum(r["Status"] == "answered" and r["Is New Caller"] == "Yes" for r in rows) > 0


def test_a_contact_list_loaded_first_says_its_contacts_will_match_later(con):
    hubspot = HERE / "hubspot-crm-exports-all-contacts-2024-06-01.csv"
    report = load_files(con, [hubspot])
    f = report.files[0]
    assert f.contacts_matched == 0 and report.touchpoints == 0
    assert report.matched(f) == (f"0 of its {f.rows_loaded} contacts matched a customer's journey — they will match "
                                 "as you load exports with the same emails or phone numbers")
    calls = load_files(con, [CALLRAIL])
    assert calls.touchpoints > 0 and "they will match" not in calls.matched(f)
