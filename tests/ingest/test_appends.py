"""Ingest v2: appending a file re-stitches and renumbers only the customers it touches, and gives
exactly what loading everything at once gives; a file is kept as it was and can be mapped again."""
from __future__ import annotations

import pandas as pd
import pytest
import zstandard
from helpers import write_csv

from journey_explorer import ingest, workspace
from journey_explorer.ingest.layouts import Mapping

HEADER = ["user_id", "email", "phone", "event", "timestamp", "utm_source", "plan"]
# A: two customers known by email only, one by phone only, one by user id only.
A = [["", "ann@example.com", "", "page_view", "2024-03-01 10:00:00", "google", "free"],
     ["", "ann@example.com", "", "sign_up", "2024-03-01 10:05:00", "", "free"],
     ["", "", "(415) 555-0132", "page_view", "2024-03-02 09:00:00", "facebook", ""],
     ["u9", "", "", "page_view", "2024-03-03 12:00:00", "", "pro"],
     ["u9", "", "", "purchase", "2024-03-03 12:30:00", "", "pro"]]
# B merges Ann (email) and the phone-only customer into one (a row with both), adds a touchpoint
# to u9 only, and brings a new customer.
B = [["", "ann@example.com", "415-555-0132", "form_submitted", "2024-03-04 08:00:00", "", ""],
     ["u9", "", "", "page_view", "2024-03-05 10:00:00", "bing", "pro"],
     ["u77", "", "", "page_view", "2024-03-05 11:00:00", "", ""]]
C = [["u9", "", "", "page_view", "2024-03-06 10:00:00", "", "pro"]]  # only adds to a customer

TABLES = {
    "touchpoints": "SELECT * EXCLUDE (attrs), attrs::VARCHAR AS attrs FROM touchpoints",
    "steps": "SELECT * FROM steps",
    "identities": "SELECT * FROM identities",
    "step_nodes": "SELECT * FROM step_nodes",
}


def snapshot(con) -> dict[str, pd.DataFrame]:
    out = {}
    for name, sql in TABLES.items():
        frame = con.execute(sql).df()
        out[name] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
    return out


def assert_same(left: dict, right: dict) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(left[name], right[name], check_dtype=False, obj=name)


@pytest.fixture
def files(tmp_path):
    return {name: write_csv(tmp_path / f"{name}.csv", HEADER, rows) for name, rows in (("a", A), ("b", B), ("c", C))}


def salted(path):
    """A workspace with a fixed salt, so customer ids compare across workspaces."""
    con = workspace.connect(path)
    con.execute("UPDATE settings SET value = 'fixed' WHERE key = 'id_salt'")
    return con


def test_loading_a_then_b_then_c_equals_loading_them_together(tmp_path, files):
    apart = salted(tmp_path / "apart.duckdb")
    for name in "abc":
        ingest.load_files(apart, [files[name]])
    together = salted(tmp_path / "together.duckdb")
    ingest.load_files(together, [files["a"], files["b"], files["c"]])
    assert_same(snapshot(apart), snapshot(together))
    # B stitched Ann and the phone-only customer into one: 3 customers before B, 3 after (+u77 −1).
    assert apart.execute("SELECT count(DISTINCT customer_id) FROM touchpoints").fetchall() == [(3,)]


def test_an_append_only_touches_the_customers_it_names(tmp_path, files):
    con = salted(tmp_path / "ws.duckdb")
    ingest.load_files(con, [files["a"], files["b"]])
    before = con.execute("SELECT customer_id, step, touchpoint FROM touchpoints ORDER BY ALL").fetchall()
    u9 = con.execute("SELECT customer_id FROM identities WHERE id_value = 'u9'").fetchall()[0][0]
    ingest.load_files(con, [files["c"]])
    after = con.execute("SELECT customer_id, step, touchpoint FROM touchpoints ORDER BY ALL").fetchall()
    assert [r for r in after if r[0] != u9] == [r for r in before if r[0] != u9]
    assert len([r for r in after if r[0] == u9]) == len([r for r in before if r[0] == u9]) + 1


def test_every_column_of_the_file_is_kept_typed(tmp_path, files, con):
    ingest.load_files(con, [files["a"]])
    plans = con.execute("SELECT DISTINCT attrs->>'plan' FROM touchpoints ORDER BY 1").fetchall()
    assert plans == [("free",), ("pro",), (None,)]


def test_the_original_is_kept_compressed_byte_for_byte(tmp_path, files):
    con = workspace.connect(tmp_path / "ws.duckdb")
    ingest.load_files(con, [files["a"]])
    (kept,) = (tmp_path / "ws.files").iterdir()
    assert kept.name.endswith(".zst")
    assert zstandard.ZstdDecompressor().stream_reader(kept.open("rb")).read() == files["a"].read_bytes()


def test_a_failed_load_keeps_nothing(tmp_path, files):
    con = workspace.connect(tmp_path / "ws.duckdb")
    broken = tmp_path / "broken.csv"
    broken.write_text("Who,When\nann,yesterday\n")
    with pytest.raises(ingest.FileProblem):
        ingest.load_files(con, [files["a"], broken])
    assert not list((tmp_path / "ws.files").iterdir())
    assert con.execute("SELECT count(*) FROM loads").fetchall() == [(0,)]


def test_the_same_file_twice_is_refused_unless_asked(tmp_path, files, con):
    ingest.load_files(con, [files["a"]])
    copy = tmp_path / "renamed.csv"
    copy.write_bytes(files["a"].read_bytes())
    with pytest.raises(ingest.FileProblem, match="same file as a.csv, loaded already"):
        ingest.load_files(con, [copy])
    assert con.execute("SELECT count(*) FROM events").fetchall() == [(len(A),)]
    ingest.load_files(con, [copy], again=True)
    assert con.execute("SELECT count(*) FROM events").fetchall() == [(2 * len(A),)]


def test_remapping_from_the_kept_original_equals_a_fresh_load_with_that_mapping(tmp_path, files):
    other = Mapping("Event log", "other", {"user_id": "user_id", "email": "email", "event": "plan",
                                            "timestamp": "timestamp"})
    remapped = salted(tmp_path / "remapped.duckdb")
    ingest.load_files(remapped, [files["a"], files["b"]])
    files["a"].unlink()  # only the kept original is left to map again
    ingest.remap_file(remapped, "a.csv", other)
    fresh = salted(tmp_path / "fresh.duckdb")
    b = files["b"]
    write_csv(tmp_path / "a.csv", HEADER, A)
    ingest.load_files(fresh, [b, tmp_path / "a.csv"], mappings={"a.csv": other})
    assert_same(snapshot(remapped), snapshot(fresh))
    assert remapped.execute("SELECT count(*) FROM loads WHERE file = 'a.csv'").fetchall() == [(1,)]
