"""Money values whatever the export's convention: decimal commas ("149,90", "1.234,50"), thousands
commas ("1,234.50"), spaces, currency signs and codes (queries/ingest/macro_value.sql)."""
from decimal import Decimal

import duckdb
import pytest
from helpers import write_csv
from hypothesis import given, settings
from hypothesis import strategies as st

from journey_explorer import db, ingest


@pytest.fixture(scope="module")
def sql():
    con = duckdb.connect()
    db.run(con, "schema/macro_clean")
    db.run(con, "ingest/macro_value")
    yield lambda text: con.execute("SELECT jx_value($t)", {"t": text}).fetchall()[0][0]
    con.close()


def grouped(whole: int, sep: str) -> str:
    text = f"{whole:,}"
    return text.replace(",", sep)


def written(amount: Decimal, style: str, cents: bool) -> str:
    whole, frac = divmod(abs(amount), 1)
    whole, frac = int(whole), f"{int(frac * 100):02d}"
    sign = "-" if amount < 0 else ""
    body = {"plain": (str(whole), "."), "us": (grouped(whole, ","), "."), "eu": (grouped(whole, "."), ","),
            "eu_plain": (str(whole), ","), "fr": (grouped(whole, " "), ","), "ch": (grouped(whole, "'"), ".")}[style]
    return sign + body[0] + (body[1] + frac if cents else "")


CURRENCIES = ["{}", "€{}", "{} €", "${}", "£ {}", "EUR {}", "{} USD", "{}EUR", "CHF {}"]


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=-10_000_000, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from(["plain", "us", "eu", "eu_plain", "fr", "ch"]), st.booleans(), st.sampled_from(CURRENCIES))
def test_any_convention_reads_as_the_number_written(sql, amount, style, cents, currency):
    if not cents:
        amount = Decimal(int(amount))
    if style == "eu" and not cents and 1000 <= abs(amount) < 1_000_000:
        # "1.234" alone is ambiguous; read as the decimal it would be in a machine export.
        return
    text = currency.format(written(amount, style, cents))
    assert sql(text) == pytest.approx(float(amount)), text


@pytest.mark.parametrize("text, value", [
    ("149,90", 149.9), ("1.234,50", 1234.5), ("1,234.50", 1234.5), ("1234", 1234.0), ("€ 1.234,50", 1234.5),
    ("1,5", 1.5), ("1,234", 1234.0), ("1.5e3", 1500.0), ("12.00 EUR", 12.0), ("1.234", 1.234),
    ("n/a", None), ("", None), ("free", None)])
def test_the_examples_a_user_sees(sql, text, value):
    assert sql(text) == value


@pytest.mark.parametrize("header, row, value", [
    (["user_id", "event", "timestamp", "revenue"], ["u1", "purchase", "2024-03-01 10:00:00", "149,90"], 149.9),
    (["Email Address", "Action", "Timestamp", "Value"], ["a@example.com", "click", "2024-03-01 10:00:00", "1.234,50"],
     1234.5),
    (["Start Time", "Customer Phone Number", "Duration (seconds)", "Answered", "Value"],
     ["2024-03-01 10:00:00", "(415) 555-0132", "61", "yes", "€ 1.234,50"], 1234.5),
])
def test_a_loaded_files_values_keep_their_decimal_comma(con, tmp_path, header, row, value):
    # Semicolon-separated, as spreadsheets write CSV where the comma is the decimal point.
    path = write_csv(tmp_path / "file.csv", header, [row], delimiter=";")
    report = ingest.load_files(con, [path]).files[0]
    assert report.kind == {"user_id": "other", "Email Address": "email", "Start Time": "call"}[header[0]]
    assert con.execute("SELECT value FROM touchpoints").fetchall() == [(value,)]
