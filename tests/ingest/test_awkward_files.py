"""Awkward files: compressed uploads are checked whole before anything loads (damage or a bomb is
one sentence), mixed line endings and a trailing empty header cost no row."""
from __future__ import annotations

import gzip
import tomllib
from pathlib import Path

import pytest

from journey_explorer import ingest, workspace
from journey_explorer.ingest import keep

LINES = "user_id,event,timestamp\n" + "".join(f"u{i % 50},visit,2024-03-{1 + i % 28:02d} 10:00:00\n" for i in range(20_000))


@pytest.fixture
def ws(tmp_path):
    con = workspace.connect(tmp_path / "ws.duckdb")
    yield con
    con.close()


def test_a_damaged_gzip_loads_nothing_and_says_so(ws, tmp_path):
    data = bytearray(gzip.compress(LINES.encode()))
    for i in range(len(data) // 2, len(data) // 2 + 64):  # 64 flipped bytes in the middle
        data[i] ^= 0xFF
    path = tmp_path / "events.csv.gz"
    path.write_bytes(bytes(data))
    with pytest.raises(ingest.FileProblem, match="damaged or incomplete gzip file.*nothing was loaded"):
        ingest.load_files(ws, [path])
    assert ws.execute("SELECT count(*) FROM events").fetchall() == [(0,)]
    assert not any((tmp_path / "ws.files").glob("*"))  # nothing kept either


def test_a_cut_off_gzip_is_refused(ws, tmp_path):
    path = tmp_path / "events.csv.gz"
    path.write_bytes(gzip.compress(LINES.encode())[:-100])
    with pytest.raises(ingest.FileProblem, match="damaged or incomplete"):
        ingest.load_files(ws, [path])


def test_a_bomb_is_stopped_by_the_budget(ws, tmp_path, monkeypatch):
    monkeypatch.setattr(keep, "RATIO_FROM", 1 << 20)  # the same rule, at a size a test can afford
    path = tmp_path / "bomb.csv.gz"
    with gzip.open(path, "wb") as out:
        out.write(b"user_id,event,timestamp\n")
        for _ in range(40):
            out.write(b"x" * (1 << 20))
    with pytest.raises(ingest.FileProblem, match="unpacks to more than"):
        ingest.load_files(ws, [path])


def test_a_sound_gzip_loads(ws, tmp_path):
    path = tmp_path / "events.csv.gz"
    path.write_bytes(gzip.compress(LINES.encode()))
    assert ingest.load_files(ws, [path]).files[0].rows_loaded == 20_000


def test_mixed_line_endings_load_every_row(ws, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"user_id,event,timestamp\r\nu1,visit,2024-03-01 10:00:00\r\n"
                     b"u2,visit,2024-03-01 11:00:00\nu3,visit,2024-03-01 12:00:00\r\n")
    report = ingest.load_files(ws, [path]).files[0]
    assert (report.rows_in_file, report.rows_loaded) == (3, 3)
    assert ws.execute("SELECT list(touchpoint ORDER BY ts) FROM touchpoints").fetchall() == [(["visit"] * 3,)]


def test_a_trailing_empty_header_rejects_nothing(ws, tmp_path):
    path = tmp_path / "trailing.csv"
    path.write_text("user_id,event,timestamp,\nu1,visit,2024-03-01 10:00:00,\nu2,visit,2024-03-01 11:00:00,\n")
    report = ingest.load_files(ws, [path]).files[0]
    assert (report.rows_loaded, report.rows_rejected) == (2, 0)


def test_a_file_past_what_the_memory_loads_is_refused_up_front(ws, tmp_path, monkeypatch):
    path = tmp_path / "events.csv"
    path.write_text(LINES)
    monkeypatch.setattr(keep, "MAX_BYTES_PER_BUDGET_BYTE", path.stat().st_size / 2 / 2e9)  # half this file
    with pytest.raises(ingest.FileProblem, match=r"events.csv is [\d.]+ MB, more than the [\d.]+ MB this app can load") as refused:
        ingest.load_files(ws, [path])
    assert "\n" not in str(refused.value)
    assert ws.execute("SELECT count(*) FROM events").fetchall() == [(0,)]
    assert not any((tmp_path / "ws.files").glob("*"))
    gz = tmp_path / "events.csv.gz"  # small on disk, too big once unpacked
    gz.write_bytes(gzip.compress(LINES.encode()))
    with pytest.raises(ingest.FileProblem, match="unpacks to"):
        ingest.load_files(ws, [gz])


def test_the_largest_file_follows_the_memory_budget(monkeypatch):
    monkeypatch.setenv("JOURNEY_EXPLORER_MEMORY", "2GB")
    two = keep.largest_file()
    monkeypatch.setenv("JOURNEY_EXPLORER_MEMORY", "4096MB")
    assert keep.largest_file() == pytest.approx(2.048 * two)
    assert two == int(2e9 * keep.MAX_BYTES_PER_BUDGET_BYTE)


def test_the_browser_takes_no_file_the_load_would_refuse(monkeypatch):
    monkeypatch.delenv("JOURNEY_EXPLORER_MEMORY", raising=False)
    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert 0 < config["server"]["maxUploadSize"] * 1e6 <= keep.largest_file()
