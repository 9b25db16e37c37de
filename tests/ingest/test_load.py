import gzip
import json

import duckdb
import pytest
from helpers import CALL_HEADER, FIXTURES, write_csv

from journey_explorer import db, ingest, workspace
from journey_explorer.ingest.read import FileProblem


def table_counts(con):
    return {t: con.table(t).count("*").fetchall()[0][0]
            for t in ("events", "touchpoints", "rejects", "loads", "identities", "steps")}


def test_load_report_accounts_for_every_row(con, journey_files):
    report = ingest.load_files(con, list(journey_files.values()))
    by_file = {f.file: f for f in report.files}
    assert {n: f.layout for n, f in by_file.items()} == {
        "ga4.csv": "GA4 export", "calls.csv": "Call log", "emails.csv": "Email activity"}
    assert [(f.rows_in_file, f.rows_loaded, f.rows_rejected) for f in report.files] == [(3, 2, 1), (3, 2, 1), (4, 3, 1)]
    assert report.touchpoints == 7 == table_counts(con)["touchpoints"]
    rejects = con.execute("SELECT origin_file, origin_row, reason FROM rejects ORDER BY 1, 2").fetchall()
    assert rejects == [
        ("calls.csv", 3, "no usable customer identifier: the email or phone number is not valid"),
        ("emails.csv", 4, 'timestamp not understood: "not a date"'),
        ("ga4.csv", 3, "no timestamp"),
    ]


def test_touchpoints_are_named_and_grouped(con, journey_files):
    ingest.load_files(con, list(journey_files.values()))
    rows = con.execute("""SELECT origin_file, origin_row, kind, touchpoint, channel, is_conversion, value
                          FROM touchpoints ORDER BY origin_file, origin_row""").fetchall()
    assert rows == [
        # a call is grouped by its source like any touchpoint; Phone only without one ((direct))
        ("calls.csv", 1, "call", "First call answered", "Paid Search", True, 120.0),
        ("calls.csv", 2, "call", "Call missed", "Phone", False, None),
        ("emails.csv", 1, "email", "Email opened", "Email", False, None),
        ("emails.csv", 2, "email", "Email clicked", "Email", False, None),
        ("emails.csv", 3, "email", "Email bounced", "Email", False, None),
        ("ga4.csv", 1, "web", "page_view /pricing", "Paid Search", False, None),
        # same GA4 session as the paid landing: the session's source applies
        ("ga4.csv", 2, "web", "generate_lead", "Paid Search", True, None),
    ]


def test_steps_order_each_journey_with_the_next_touchpoint(con, journey_files):
    ingest.load_files(con, list(journey_files.values()))
    jane = con.execute("SELECT customer_id FROM identities WHERE id_value = 'jane.doe@example.com'").fetchall()[0][0]
    steps = con.execute("SELECT step, touchpoint, next_touchpoint FROM steps WHERE customer_id = $c ORDER BY step",
                        {"c": jane}).fetchall()
    assert steps == [(1, "page_view /pricing", "generate_lead"), (2, "generate_lead", "First call answered"),
                     (3, "First call answered", "Email opened"), (4, "Email opened", "Email clicked"),
                     (5, "Email clicked", None)]


def test_a_file_that_fails_leaves_the_workspace_unchanged(con, journey_files, tmp_path):
    ingest.load_files(con, [journey_files["web"]])
    before = table_counts(con)
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 this is not really parquet")
    with pytest.raises(FileProblem, match="broken.parquet could not be read"):
        ingest.load_files(con, [journey_files["calls"], broken])
    assert table_counts(con) == before
    assert not db.has_table(con, "raw_2")


def test_unrecognised_columns_ask_for_a_mapping(con, tmp_path):
    path = write_csv(tmp_path / "kunden.csv", ["Kunde", "Zeitpunkt", "Aktion"], [["K1", "2024-01-01", "kauf"]])
    with pytest.raises(ingest.UnknownLayout, match="not recognised") as err:
        ingest.load_files(con, [path])
    assert err.value.columns == ["Kunde", "Zeitpunkt", "Aktion"]
    assert table_counts(con)["loads"] == 0


def test_binary_garbage_is_refused_with_a_plain_reason(con, tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(FileProblem, match="not a text table"):
        ingest.load_files(con, [path])


@pytest.mark.parametrize("encoding, delimiter, suffix", [
    ("utf-8-sig", ",", ".csv"), ("utf-16", "\t", ".tsv"), ("utf-16-le", "\t", ".tsv"), ("latin-1", ";", ".csv"),
    ("utf-8", "|", ".csv")])
def test_encodings_and_separators(con, tmp_path, encoding, delimiter, suffix):
    path = write_csv(tmp_path / f"calls{suffix}", CALL_HEADER, [
        ["03/15/2024 14:22", "(415) 555-0132", "", "60", "true", "false", "google", "cpc", "Été", "", "", "", "",
         "mobile", "Zürich"],
        ["03/16/2024 14:22", "(415) 555-0133", "", "0", "false", "false", "", "", "", "", "", "", "", "mobile", "Köln"],
    ], delimiter=delimiter, encoding=encoding)
    report = ingest.load_files(con, [path])
    assert (report.files[0].layout, report.files[0].rows_loaded) == ("Call log", 2)
    cities = con.execute("SELECT list(attrs->>'city' ORDER BY ts), list(campaign ORDER BY ts) FROM touchpoints").fetchall()[0]
    assert cities == (["Zürich", "Köln"], ["été", None])


def test_gzip_json_and_parquet_read_like_csv(con, tmp_path):
    rows = [{"email": "a@example.com", "event": "open", "timestamp": 1709648530, "campaign": "x"},
            {"email": "b@example.com", "event": "click", "timestamp": 1709648531, "campaign": "x",
             "url": "https://x.example.com/?utm_source=newsletter"}]
    ndjson = tmp_path / "sendgrid.ndjson.gz"
    with gzip.open(ndjson, "wt") as fh:
        fh.write("\n".join(json.dumps(r) for r in rows))
    parquet = tmp_path / "emails.parquet"
    duckdb.connect().sql("SELECT 'c@example.com' AS email, 'bounce' AS event, "
                         "TIMESTAMP '2024-03-05 10:00:00' AS timestamp").write_parquet(str(parquet))
    report = ingest.load_files(con, [ndjson, parquet])
    assert [(f.layout, f.rows_loaded, f.timestamp_format) for f in report.files] == [
        ("Email activity", 2, "epoch_s"), ("Email activity", 1, "native")]  # Parquet stores times as times


def test_nested_json_is_flattened(con, tmp_path):
    path = tmp_path / "segment.json"
    path.write_text(json.dumps([
        {"type": "page", "anonymousId": "a1", "timestamp": "2024-03-05T14:22:10Z", "messageId": "m1",
         "context": {"page": {"path": "/pricing", "url": "https://x.example.com/pricing?utm_source=bing&utm_medium=cpc"}}},
        {"type": "track", "event": "Order Completed", "anonymousId": "a1", "userId": "u1",
         "timestamp": "2024-03-05T14:30:00Z", "messageId": "m2", "properties": {"revenue": 99.5}},
    ]))
    report = ingest.load_files(con, [path])
    assert report.files[0].layout == "Segment export"
    rows = con.execute("SELECT touchpoint, channel, is_conversion, value FROM touchpoints ORDER BY ts").fetchall()
    assert rows == [("page_view /pricing", "Paid Search", False, None), ("Order Completed", "Direct", True, 99.5)]


def test_ragged_rows_short_padded_long_rejected_never_lost(con, tmp_path):
    path = tmp_path / "ragged.csv"
    lines = ["customer_id,event,ts,note", 'c1,visit,2024-01-01 10:00,"two\nlines"', "c2,visit,2024-01-02 10:00",
             "c3,visit,2024-01-03 10:00,x"] + [f"c{i},visit,2024-01-04 10:00,y" for i in range(4, 40)] + \
            ["c99,visit,2024-01-05 10:00,a,b,c,d"]
    path.write_text("\n".join(lines) + "\n")
    report = ingest.load_files(con, [path]).files[0]
    assert (report.rows_in_file, report.rows_loaded, report.rows_rejected) == (40, 39, 1)
    notes = dict(con.execute("SELECT origin_row, attrs->>'note' FROM events ORDER BY origin_row").fetchall())
    assert notes[1] == "two\nlines" and notes[2] is None          # quoted newline kept; short row padded
    (row, reason, raw), = con.execute("SELECT origin_row, reason, raw FROM rejects").fetchall()
    assert (row, reason) == (40, "the row has more values than the header has columns")
    assert [v for v in json.loads(raw).values() if v is not None][-4:] == ["a", "b", "c", "d"]  # kept whole


def test_rows_the_reader_cannot_split_are_rejected_with_their_line(con, tmp_path):
    path = tmp_path / "big.csv"
    lines = ["customer_id,event,ts"] + [f"c{i},visit,2024-01-04 10:00" for i in range(30000)] + \
            ["c99,visit,2024-01-05 10:00,surprise", "c100,visit,2024-01-05 11:00"]
    path.write_text("\n".join(lines) + "\n")
    report = ingest.load_files(con, [path]).files[0]
    assert (report.rows_in_file, report.rows_loaded, report.rows_rejected) == (30002, 30001, 1)
    assert con.execute("SELECT origin_row, reason, raw FROM rejects").fetchall() == [
        (30002, "the row has more values than the header has columns", "c99,visit,2024-01-05 10:00,surprise")]


def test_inspect_previews_without_changing_anything(con, journey_files):
    insp = ingest.inspect_file(con, journey_files["calls"])
    assert insp.mapping.layout == "Call log" and insp.timestamp_format == "%m/%d/%Y %H:%M"
    assert list(insp.preview["touchpoint"]) == ["First call answered", "Call missed", "Call missed"]
    assert "(415) 555-0132" not in insp.preview.to_string()
    assert con.execute("SELECT count(*) FROM loads").fetchall()[0][0] == 0


def test_conversions_named_on_the_command_line(con, journey_files):
    ingest.load_files(con, [journey_files["emails"]], conversions=["Email clicked"])
    assert con.execute("SELECT list(touchpoint) FROM touchpoints WHERE is_conversion").fetchall()[0][0] == ["Email clicked"]


def test_workspace_survives_reopening_read_only(tmp_path, journey_files):
    path = tmp_path / "ws.duckdb"
    con = workspace.connect(path)
    ingest.load_files(con, list(journey_files.values()))
    con.close()
    again = workspace.connect(path, read_only=True)
    assert again.execute("SELECT count(*) FROM touchpoints").fetchall()[0][0] == 7


def test_binary_file_without_a_known_extension_is_refused_plainly(con, tmp_path):
    path = tmp_path / "export.dat"
    path.write_bytes(b"\x00\x01\x02" * 500)
    with pytest.raises(FileProblem, match="export.dat is not a text table"):
        ingest.load_files(con, [path])


def test_inspect_retries_a_file_the_parallel_reader_gives_up_on(con):
    # Quoted newline + a short row: only DuckDB's single-threaded scanner can pad it.
    insp = ingest.inspect_file(con, FIXTURES / "ragged_quoted.csv")
    assert insp.mapping.layout == "Event log" and len(insp.preview) == 7
    assert list(insp.preview["reason"].fillna("")).count("the row has more values than the header has columns") == 1
