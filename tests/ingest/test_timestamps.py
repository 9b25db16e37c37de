import datetime as dt

import pytest
from helpers import write_csv

from journey_explorer import ingest
from journey_explorer.ingest.layouts import Mapping


def load_times(con, tmp_path, values, country="US"):
    path = write_csv(tmp_path / "t.csv", ["user_id", "event", "ts"], [[f"u{i}", "visit", v] for i, v in enumerate(values)])
    mapping = Mapping("Event log", "other", {"user_id": "user_id", "event": "event", "timestamp": "ts"})
    report = ingest.load_files(con, [path], mappings={str(path): mapping}, country=country)
    rows = con.execute("SELECT origin_row, ts FROM touchpoints ORDER BY origin_row").fetchall()
    return report.files[0].timestamp_format, dict(rows)


@pytest.mark.parametrize("values, fmt, first", [
    # ISO text with a zone: the reader types the column itself (DuckDB's sniffer), read as such.
    (["2024-03-05T14:22:10Z", "2024-03-05T16:22:10+02:00"], "native", dt.datetime(2024, 3, 5, 14, 22, 10)),
    (["2024-03-05 14:22:10 UTC", "2024-03-06 01:00:00 UTC"], "native", dt.datetime(2024, 3, 5, 14, 22, 10)),
    (["1709648530", "1709648531"], "epoch_s", dt.datetime(2024, 3, 5, 14, 22, 10)),
    (["1709648530000", "1709648531000"], "epoch_ms", dt.datetime(2024, 3, 5, 14, 22, 10)),
    (["1709648530000000", "1709648531000000"], "epoch_us", dt.datetime(2024, 3, 5, 14, 22, 10)),
    (["25/12/2024 14:05", "03/01/2025 09:00"], "%d/%m/%Y %H:%M", dt.datetime(2024, 12, 25, 14, 5)),
    (["12/25/2024 14:05", "01/03/2025 09:00"], "%m/%d/%Y %H:%M", dt.datetime(2024, 12, 25, 14, 5)),
    (["05.03.2024 14:22", "06.03.2024 10:00"], "%d.%m.%Y %H:%M", dt.datetime(2024, 3, 5, 14, 22)),
])
def test_timestamp_formats_are_detected_and_read_as_utc(con, tmp_path, values, fmt, first):
    found, rows = load_times(con, tmp_path, values)
    assert found == fmt
    assert rows[1] == first
    assert len(rows) == len(values)


def test_offsets_convert_to_the_same_utc_instant(con, tmp_path):
    _, rows = load_times(con, tmp_path, ["2024-03-05T14:22:10Z", "2024-03-05T16:22:10+02:00"])
    assert rows[1] == rows[2]


def test_ambiguous_dates_follow_the_default_country(con, tmp_path):
    fmt, rows = load_times(con, tmp_path, ["03/04/2024 10:00", "05/06/2024 11:00"], country="GB")
    assert fmt.startswith("%d/%m") and rows[1] == dt.datetime(2024, 4, 3, 10, 0)


def test_unreadable_timestamps_are_rejected_not_dropped(con, tmp_path):
    _, rows = load_times(con, tmp_path, ["2024-03-05 10:00:00", "not a date", ""])
    assert list(rows) == [1]
    reasons = dict(con.execute("SELECT origin_row, reason FROM rejects").fetchall())
    assert reasons == {2: 'timestamp not understood: "not a date"', 3: "no timestamp"}
