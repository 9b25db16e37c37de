"""Property-based checks of timestamp reading: any instant written in any supported way, alone
or mixed with other ways in one column, reads back as the same UTC time."""
from __future__ import annotations

import datetime as dt

from helpers import write_csv
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journey_explorer import ingest, workspace
from journey_explorer.ingest.layouts import Mapping

MAPPING = Mapping("Event log", "other", {"user_id": "user_id", "event": "event", "timestamp": "ts"})
instants = st.datetimes(min_value=dt.datetime(1995, 1, 1), max_value=dt.datetime(2090, 12, 31)).map(
    lambda t: t.replace(microsecond=0))
# Ways exports write one instant; each reads unambiguously (day-first only where the day is > 12).
WRITERS = {
    "iso": lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ"),
    "iso space": lambda t: t.strftime("%Y-%m-%d %H:%M:%S"),
    "utc suffix": lambda t: t.strftime("%Y-%m-%d %H:%M:%S UTC"),
    "epoch s": lambda t: str(int(t.replace(tzinfo=dt.timezone.utc).timestamp())),
    "epoch ms": lambda t: str(int(t.replace(tzinfo=dt.timezone.utc).timestamp()) * 1000),
    "epoch us": lambda t: str(int(t.replace(tzinfo=dt.timezone.utc).timestamp()) * 1_000_000),
    # 12-hour clocks as call-tracking tools write them (CallRail, CallTrackingMetrics).
    "12h": lambda t: t.strftime("%Y-%m-%d %I:%M:%S %p"),
    "12h -0500": lambda t: at_offset(t, -5 * 60).strftime("%Y-%m-%d %I:%M:%S %p %z"),
    "12h +05:30": lambda t: colon(at_offset(t, 5 * 60 + 30).strftime("%Y-%m-%d %I:%M:%S %p %z")),
}
# The same without seconds, which such exports usually leave out.
MINUTE_WRITERS = {
    "12h": lambda t: t.strftime("%Y-%m-%d %I:%M %p"),
    "12h lower case": lambda t: t.strftime("%Y-%m-%d %I:%M %p").lower(),
    "12h -0500": lambda t: at_offset(t, -5 * 60).strftime("%Y-%m-%d %I:%M %p %z"),
    "12h -05:00": lambda t: colon(at_offset(t, -5 * 60).strftime("%Y-%m-%d %I:%M %p %z")),
    "12h +0930": lambda t: at_offset(t, 9 * 60 + 30).strftime("%Y-%m-%d %I:%M %p %z"),
    "US 12h": lambda t: t.strftime("%m/%d/%Y %I:%M %p"),
    "24h -0500": lambda t: at_offset(t, -5 * 60).strftime("%Y-%m-%d %H:%M %z"),
}


def at_offset(t: dt.datetime, minutes: int) -> dt.datetime:
    """The UTC instant t as a clock at that offset shows it."""
    return t.replace(tzinfo=dt.timezone.utc).astimezone(dt.timezone(dt.timedelta(minutes=minutes)))


def colon(written: str) -> str:
    """'… -0500' → '… -05:00'."""
    return written[:-2] + ":" + written[-2:]


def read_back(tmp_path, values: list[str]) -> list[dt.datetime]:
    path = write_csv(tmp_path / "t.csv", ["user_id", "event", "ts"], [[f"u{i}", "visit", v] for i, v in enumerate(values)])
    con = workspace.connect(tmp_path / f"ws{abs(hash(tuple(values)))}.duckdb")
    try:
        ingest.load_files(con, [path], mappings={str(path): MAPPING}, again=True)
        rows = dict(con.execute("SELECT origin_row, ts FROM touchpoints").fetchall())
    finally:
        con.close()
    return [rows.get(i + 1) for i in range(len(values))]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(instants, st.sampled_from(sorted(WRITERS))), min_size=1, max_size=8))
def test_every_way_of_writing_an_instant_reads_back_the_same_even_mixed(tmp_path, written):
    values = [WRITERS[way](t) for t, way in written]
    assert read_back(tmp_path, values) == [t for t, _ in written]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(instants.filter(lambda t: t.day > 12), min_size=1, max_size=6), instants)
def test_day_first_dates_read_beside_iso_ones(tmp_path, day_first, iso):
    values = [t.strftime("%d/%m/%Y %H:%M") for t in day_first] + [WRITERS["iso"](iso)]
    expected = [t.replace(second=0) for t in day_first] + [iso]
    assert read_back(tmp_path, values) == expected


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(instants.map(lambda t: t.replace(second=0)), st.sampled_from(sorted(MINUTE_WRITERS))),
                min_size=1, max_size=8))
def test_twelve_hour_minutes_with_or_without_an_offset_read_back_the_same_even_mixed(tmp_path, written):
    values = [MINUTE_WRITERS[way](t) for t, way in written]
    assert read_back(tmp_path, values) == [t for t, _ in written]
