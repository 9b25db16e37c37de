"""CSV exports: no cell a spreadsheet would run as a formula, numbers unchanged, contacts masked."""
from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from helpers import FIXTURES, cli
from hypothesis import given, settings
from hypothesis import strategies as st

from journey_explorer import ingest
from journey_explorer.exports import FORMULA_START, neutralise, safe_csv, safe_frame, write_csv

NASTY = FIXTURES / "nasty"
FORMULA_CELLS_SEEN = ['=HYPERLINK("http://x","y")', "+SUM(1)", "@cmd", "-2+3", "\t=1+1", "\r=1+1", "-12.5", "+3"]


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x","y")', "+SUM(1)", "@cmd", "-2+3", "\t=1+1", "\r=1+1",
                                  "=1+1", "-", "+", "@", "=cmd|' /C calc'!A0"])
def test_formula_cells_get_a_quote_in_front(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-12.5", "+3", "-5", "1e3", "-0.5", "-1,5", "+3%", "-.5", "spring", "", "a=b",
                                  " =1+1"])
def test_numbers_and_plain_text_stay_as_they_are(cell):
    assert neutralise(cell) == cell


def test_number_columns_are_written_exactly_as_pandas_writes_them():
    frame = pd.DataFrame({"value": [-12.5, 3.0, None, -0.25], "customers": [-1, 2, 3, 4]})
    assert safe_csv(frame) == frame.to_csv(index=False)


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def risky_cells(rows: list[list[str]]) -> list[str]:
    """Cells a spreadsheet would run: a formula start that is not a plain number."""
    return [c for row in rows for c in row if c.startswith(FORMULA_START) and neutralise(c) != c]


def test_text_cells_and_column_names_are_neutralised_and_nothing_else_changes():
    frame = pd.DataFrame({"=name": ["=1+1", "ok", None, "@cmd"], "value": [-1.5, 2.0, 3.0, None],
                          "text": ["-12.5", "-2+3", "\t=x", "plain"]})
    out = rows_of(safe_csv(frame))
    assert out[0] == ["'=name", "value", "text"]
    assert [r[0] for r in out[1:]] == ["'=1+1", "ok", "", "'@cmd"]
    assert [r[1] for r in out[1:]] == ["-1.5", "2.0", "3.0", ""]
    assert [r[2] for r in out[1:]] == ["-12.5", "'-2+3", "'\t=x", "plain"]
    assert not risky_cells(out)


def test_safe_frame_leaves_a_harmless_frame_untouched():
    frame = pd.DataFrame({"a": ["x", "y"], "n": [1, 2]})
    assert safe_frame(frame) is frame


def test_contact_details_are_masked_unless_asked():
    frame = pd.DataFrame({"touchpoint": ["Signed up jane.roe@example.com", "Called +1 415 555 0132"]})
    assert "jane.roe" not in safe_csv(frame) and "555 0132" not in safe_csv(frame)
    assert "jane.roe@example.com" in safe_csv(frame, show_pii=True)


def test_write_csv_to_a_path_and_to_an_open_file(tmp_path):
    frame = pd.DataFrame({"campaign": ["=HYPERLINK(1)"], "value": [-2.0]})
    write_csv(frame, tmp_path / "out.csv")
    buffer = io.StringIO()
    write_csv(frame, buffer)
    assert (tmp_path / "out.csv").read_text() == buffer.getvalue() == "campaign,value\n'=HYPERLINK(1),-2.0\n"


def test_a_large_frame_is_made_safe_quickly():
    import time
    n = 1_000_000
    frame = pd.DataFrame({"campaign": pd.Series(["spring", "=1+1", "fall", None] * (n // 4), dtype="str"),
                          "value": [-1.5] * n})
    started = time.perf_counter()
    out = safe_frame(frame)
    assert time.perf_counter() - started < 10
    assert (out["campaign"] == "'=1+1").sum() == n // 4 and out["value"].eq(-1.5).all()


@pytest.fixture
def formula_ws(tmp_path, con):
    ingest.load_files(con, [NASTY / "formula_cells.csv"])
    con.close()
    return tmp_path / "workspace.duckdb"


@pytest.mark.parametrize("view, options, shown_as_text", [
    ("touchpoints", [], "'+SUM(1)"), ("sankey", ["--top", "50"], "'\t=1+1"),
    ("sankey", ["--by", "campaign"], "'\r=1+1"), ("growth", ["--by", "campaign"], "'@sum(a1)"),
    ("paths", ["--by", "campaign"], "'-2+3 > \r=1+1 > =cmd|' /c calc'!a0"), ("paths", ["--top", "50"], None),
])
def test_cli_exports_of_hostile_names_are_neutralised(formula_ws, view, options, shown_as_text, tmp_path):
    out = tmp_path / f"{view}.csv"
    done = cli("export", view, "--db", formula_ws, *options, "--out", out)
    assert done.returncode == 0, done.stderr
    rows = rows_of(out.read_bytes().decode())  # as a spreadsheet reads it: a lone CR is a line break
    assert len(rows) > 1 and not risky_cells(rows), risky_cells(rows)
    if shown_as_text:  # campaigns are stored lower-cased
        assert shown_as_text in [c for row in rows for c in row]


def test_cli_touchpoints_export_keeps_the_numbers(formula_ws):
    done = cli("export", "touchpoints", "--db", formula_ws)
    frame = pd.read_csv(io.StringIO(done.stdout))
    assert sorted(frame["value"].dropna()) == [-12.5, -0.5, 3.0, 3.0, 149.9, 1000.0]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), st.text(max_size=12), st.sampled_from(FORMULA_CELLS_SEEN)),
                          st.floats(allow_nan=False, allow_infinity=False, width=32)), min_size=1, max_size=20),
       st.booleans())
def test_any_frame_reads_back_as_written_but_for_the_quote(rows, arrow):
    frame = pd.DataFrame(rows, columns=["name", "value"])
    if arrow:
        frame = frame.astype({"name": "str"})
    back = rows_of(safe_csv(frame, show_pii=True))[1:]
    assert not risky_cells(back)
    for (name, value), (written, number) in zip(rows, back):
        assert float(number) == pytest.approx(value, rel=1e-6, abs=1e-30)
        if name is None or name == "":
            assert written == ""
        else:
            assert written in (name, "'" + name) and (written == name) == (neutralise(name) == name)
