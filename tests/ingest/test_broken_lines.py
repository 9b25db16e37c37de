"""A bad line costs that line, never the file: broken NDJSON lines go to rejects with their line
number, NUL bytes anywhere in a text file are taken out instead of refusing it."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from journey_explorer import ingest, workspace

NASTY = Path(__file__).resolve().parent.parent / "fixtures" / "nasty"


@pytest.fixture
def ws(tmp_path):
    con = workspace.connect(tmp_path / "ws.duckdb")
    yield con
    con.close()


def record(i: int) -> str:
    return json.dumps({"user_id": f"u{i % 7}", "event": "visit", "timestamp": f"2024-03-01 10:{i % 60:02d}:00"})


def rejects(con) -> list[tuple]:
    return con.execute("SELECT origin_row, reason FROM rejects ORDER BY origin_row").fetchall()


def test_one_broken_line_costs_that_line(ws, tmp_path):
    lines = [record(i) for i in range(30)]
    lines[16] = '{"user_id": "u9", "event": "vis'
    path = tmp_path / "events.ndjson"
    path.write_text("\n".join(lines) + "\n")
    report = ingest.load_files(ws, [path]).files[0]
    assert (report.rows_in_file, report.rows_loaded, report.rows_rejected) == (30, 29, 1)
    assert rejects(ws) == [(17, "the line is not valid JSON")]
    assert ws.execute("SELECT count(*) FROM events").fetchall() == [(29,)]


def test_line_numbers_count_blank_lines_and_crlf(ws, tmp_path):
    # 1 ok, 2 blank, 3 ok (CRLF), 4 cut, 5 whitespace, 6 a list not a record, 7 ok, 8 garbage, 9 ok
    text = (record(1) + "\n\n" + record(2) + "\r\n" + '{"user_id": "u1",\n' + "   \n" + "[1, 2]\n"
            + record(3) + "\n" + "not json at all\n" + record(4))
    path = tmp_path / "events.jsonl"
    path.write_bytes(text.encode())
    report = ingest.load_files(ws, [path]).files[0]
    assert (report.rows_in_file, report.rows_loaded, report.rows_rejected) == (7, 4, 3)
    assert rejects(ws) == [(4, "the line is not valid JSON"),
                           (6, "the line is JSON but not a record in braces {…}"),
                           (8, "the line is not valid JSON")]
    raw = ws.execute("SELECT raw FROM rejects WHERE origin_row = 8").fetchall()
    assert raw == [("not json at all",)]


def test_a_compressed_ndjson_with_broken_lines_loads_the_rest(ws, tmp_path):
    lines = [record(i) for i in range(5_000)]
    for i in (0, 2_499, 4_999):  # the first, a middle and the last line
        lines[i] = lines[i][:-3]
    path = tmp_path / "events.ndjson.gz"
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    report = ingest.load_files(ws, [path]).files[0]
    assert (report.rows_in_file, report.rows_loaded, report.rows_rejected) == (5_000, 4_997, 3)
    assert [line for line, _ in rejects(ws)] == [1, 2_500, 5_000]


def test_a_big_ndjson_keeps_every_row_counted(ws, tmp_path):
    broken = set(range(7, 200_000, 9_973))
    path = tmp_path / "big.ndjson"
    with open(path, "w") as out:
        for i in range(200_000):
            out.write(("{oops" if i in broken else record(i)) + "\n")
    report = ingest.load_files(ws, [path]).files[0]
    assert report.rows_in_file == report.rows_loaded + report.rows_rejected == 200_000
    assert [line for line, _ in rejects(ws)] == sorted(i + 1 for i in broken)


def test_a_broken_json_document_is_still_one_sentence(ws, tmp_path):
    path = tmp_path / "events.json"
    path.write_text(json.dumps([json.loads(record(i)) for i in range(20)], indent=2)[:-40])
    with pytest.raises(ingest.FileProblem, match="could not be read as JSON") as refused:
        ingest.load_files(ws, [path])
    assert "\n" not in str(refused.value)
    assert ws.execute("SELECT count(*) FROM events").fetchall() == [(0,)]


def test_the_preview_of_a_broken_ndjson_shows_its_records(ws, tmp_path):
    lines = [record(i) for i in range(10)]
    lines[3] = "{"
    path = tmp_path / "events.ndjson"
    path.write_text("\n".join(lines))
    seen = ingest.inspect_file(ws, path)
    assert seen.format == "json" and len(seen.raw_preview) == 9
    assert seen.mapping is not None and {"user_id", "event", "timestamp"} <= set(seen.columns)


def csv_with_nul_at(row: int, rows: int) -> bytes:
    lines = ["user_id,event,timestamp"] + [f"u{i % 50},visit,2024-03-{1 + i % 28:02d} 10:00:00" for i in range(rows)]
    lines[row] = f"u{row},sign\x00up,2024-03-01 10:00:00"
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("row, rows", [(2, 100), (5_000, 6_000)], ids=["first 64 KB", "past 64 KB"])
def test_a_nul_byte_is_taken_out_not_a_refusal(ws, tmp_path, row, rows):
    data = csv_with_nul_at(row, rows)
    assert (data.index(b"\x00") < 65536) == (row == 2)
    path = tmp_path / "events.csv"
    path.write_bytes(data)
    report = ingest.load_files(ws, [path]).files[0]
    assert (report.rows_in_file, report.rows_loaded, report.rows_rejected) == (rows, rows, 0)
    names = dict(ws.execute("SELECT touchpoint, count(*) FROM touchpoints GROUP BY ALL").fetchall())
    assert names == {"visit": rows - 1, "signup": 1}
    assert ws.execute("SELECT count(*) FROM events WHERE contains(attrs::VARCHAR, chr(0))").fetchall() == [(0,)]


def test_a_nul_byte_in_an_ndjson_line(ws, tmp_path):
    path = tmp_path / "events.ndjson"
    path.write_bytes(b"\n".join([record(1).encode(), record(2).encode().replace(b"visit", b"vi\x00sit"), record(3).encode()]))
    report = ingest.load_files(ws, [path]).files[0]
    assert (report.rows_loaded, report.rows_rejected) == (3, 0)
    assert ws.execute("SELECT DISTINCT touchpoint FROM touchpoints").fetchall() == [("visit",)]


def test_a_binary_file_is_still_refused(ws, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(ingest.FileProblem, match="not a text table"):
        ingest.load_files(ws, [path])


def test_the_corpus_files(ws):
    report = ingest.load_files(ws, [NASTY / "broken_lines.ndjson"]).files[0]
    assert (report.rows_in_file, report.rows_loaded, report.rows_rejected) == (10, 8, 2)
    assert rejects(ws) == [(4, "the line is not valid JSON"), (10, "the line is not valid JSON")]
    report = ingest.load_files(ws, [NASTY / "nul_bytes.csv"]).files[0]
    assert (report.rows_loaded, report.rows_rejected) == (4, 0)
    names = ws.execute("SELECT DISTINCT touchpoint FROM events WHERE origin_file = 'nul_bytes.csv' ORDER BY 1").fetchall()
    assert names == [("page_view",), ("purchase",), ("view_item",)]
