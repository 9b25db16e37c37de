"""Choosing how a column of timestamps is written, from a sample of its values.

Epoch numbers are told apart by magnitude (seconds, ms, µs, ns); text is tried against ISO and
common local formats, and the format that reads the most values wins. Day-first and month-first
dates are told apart by the data (25/12 can only be day-first); where every value fits both, the
default country decides.
"""
from __future__ import annotations

from .. import db

MONTH_FIRST_COUNTRIES = {"US", "CA", "PH", "PR", "GU", "AS", "VI", "MP", "UM", "FM", "MH", "PW"}
DAY_FIRST = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d/%m/%y %H:%M", "%d/%m/%y",
             "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y"]
MONTH_FIRST = ["%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p",
               "%m/%d/%Y", "%m/%d/%y %H:%M", "%m/%d/%y %I:%M %p", "%m/%d/%y",
               "%m-%d-%Y %H:%M:%S", "%m-%d-%Y %H:%M", "%m-%d-%Y"]
OTHER = ["%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
         "%Y/%m/%d", "%Y%m%d%H%M%S", "%Y%m%d", "%b %d, %Y %I:%M:%S %p", "%b %d, %Y %I:%M %p",
         "%b %d, %Y", "%d %b %Y %H:%M:%S", "%d %b %Y %H:%M", "%d %b %Y", "%a, %d %b %Y %H:%M:%S %z",
         "%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z"] + [
    # 12-hour clocks, as call-tracking tools write them (CallRail: 2024-03-02 05:00 AM;
    # CallTrackingMetrics: … AM -0500 or … AM -05:00, which %z reads both).
    f"{day} %I:%M{sec} %p{zone}" for day in ("%Y-%m-%d", "%Y/%m/%d") for zone in ("", " %z")
    for sec in (":%S", "")] + [f"%m/%d/%Y %I:%M{sec} %p %z" for sec in (":%S", "")] + [
    # Last: in a list of formats (the fallbacks), a zone name that is no zone ("AM") makes
    # DuckDB give up on the formats after it.
    "%Y-%m-%d %H:%M:%S %Z"]


def candidate_formats(country: str) -> list[str]:
    local = MONTH_FIRST + DAY_FIRST if country.upper() in MONTH_FIRST_COUNTRIES else DAY_FIRST + MONTH_FIRST
    return ["iso"] + local + OTHER


def epoch_unit(magnitude: float) -> str:
    """Seconds reach 1e11 only after the year 5000; each finer unit is 1000× larger."""
    if magnitude < 1e11:
        return "epoch_s"
    if magnitude < 1e14:
        return "epoch_ms"
    if magnitude < 1e17:
        return "epoch_us"
    return "epoch_ns"


def detect_format(con, country: str = "US") -> str:
    """The format of mapped.ts_raw (read from its sample); 'iso' when nothing fits."""
    db.run(con, "ingest/ts_sample")
    total, numeric, magnitude = db.rows(con, "ingest/ts_numeric")[0]
    if total == 0:
        return "iso"
    if numeric >= 0.9 * total and magnitude:
        unit = epoch_unit(magnitude)
        if db.scalar(con, "ingest/ts_try_format", fmt=unit) >= 0.9 * numeric:
            return unit
    best, best_count = "iso", -1
    for fmt in candidate_formats(country):
        count = db.scalar(con, "ingest/ts_try_format", fmt=fmt)
        if count > best_count:  # strictly more: earlier (preferred) formats win ties
            best, best_count = fmt, count
        if count == total:
            break
    return best


def fallbacks(fmt: str, country: str = "US", zoned: bool = False) -> list[str]:
    """Formats tried, in order, on a value the column's own format does not read: the local
    formats in the country's order (so an ambiguous 03/04 reads as the column's dates do),
    then the rest.

    Those with a zone (zoned=True) are a list of their own, tried apart: in one list of formats
    DuckDB carries an offset read from one row over to the next row's format without one.
    """
    local = [f for f in candidate_formats(country)[1:] if f != fmt and has_zone(f) == zoned]
    return local or ["%Y-%m-%d %z" if zoned else "%Y-%m-%d"]


def has_zone(fmt: str) -> bool:
    return "%z" in fmt or "%Z" in fmt


EPOCH_WORDS = {"native": "dates and times the file stores as such", "epoch_s": "seconds since 1970", "epoch_ms": "milliseconds since 1970",
               "epoch_us": "microseconds since 1970", "epoch_ns": "nanoseconds since 1970",
               "iso": "ISO dates (2024-03-05 14:22:10, with or without a time zone)"}
STRPTIME_WORDS = {"%d": "DD", "%m": "MM", "%Y": "YYYY", "%y": "YY", "%H": "hh", "%I": "hh", "%M": "mm",
                  "%S": "ss", "%p": "AM/PM", "%b": "Mon", "%a": "Day", "%z": "+hhmm", "%Z": "zone"}


def describe_format(fmt: str) -> str:
    """'%m/%d/%Y %H:%M' → 'MM/DD/YYYY hh:mm', for people rather than programmers."""
    if fmt in EPOCH_WORDS:
        return EPOCH_WORDS[fmt]
    for code, word in STRPTIME_WORDS.items():
        fmt = fmt.replace(code, word)
    return fmt
