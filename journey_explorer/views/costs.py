"""What was spent: cost rows per period and channel or campaign, kept in the workspace.

A row says "this much was spent from period_start to period_end (whole days) on this channel
and/or campaign"; a blank channel or campaign means any. The calls view spreads each row over
the calls it covers (cost per call, ROI); attribution over the conversions' channels.
Rows come from the app's cost table or from a CSV file; check_costs() turns either into clean
rows or says, in one sentence, which row is wrong and how.
"""
from __future__ import annotations

import calendar
import datetime as dt
import math
import re

import pandas as pd

from .. import db
from ..model import did_you_mean
from ..rules import get_rules

COLUMNS = ["period_start", "period_end", "channel", "campaign", "cost"]

# Header words a cost export or a spreadsheet uses for each column (normal form: lower case,
# words joined by _). "date" or "day" alone is one day's cost; "month" a calendar month's.
HEADERS = {
    "period_start": ("period_start", "start", "start_date", "from", "date_from", "from_date", "begin", "period_from"),
    "period_end": ("period_end", "end", "end_date", "to", "date_to", "to_date", "until", "period_to"),
    "channel": ("channel", "channel_group", "marketing_channel", "default_channel_group"),
    "campaign": ("campaign", "campaign_name", "utm_campaign"),
    "cost": ("cost", "spend", "amount", "amount_spent", "spent", "cost_usd", "spend_usd", "budget"),
    "day": ("date", "day"),
    "month": ("month", "period"),
}


class CostError(ValueError):
    """Costs that cannot be used; the message says which row and what to change."""


def empty_costs() -> pd.DataFrame:
    return pd.DataFrame({"period_start": pd.Series(dtype="datetime64[s]"),
                         "period_end": pd.Series(dtype="datetime64[s]"),
                         "channel": pd.Series(dtype="object"), "campaign": pd.Series(dtype="object"),
                         "cost": pd.Series(dtype="float64")})


def costs(con) -> pd.DataFrame:
    """The workspace's cost rows (none in a workspace made before costs existed)."""
    if not db.has_table(con, "costs"):
        return empty_costs()
    return _blank_as_none(db.frame(con, "views/costs/costs"))


def save_costs(con, frame: pd.DataFrame) -> pd.DataFrame:
    """Check the rows and make them the workspace's costs, all at once; returns what was saved."""
    checked = check_costs(frame, known_channels(con))
    with db.transaction(con):
        db.run(con, "schema/costs")  # a workspace made before costs existed
        db.run(con, "views/costs/clear")
        con.register("costs_input", checked)
        try:
            db.run(con, "views/costs/insert")
        finally:
            con.unregister("costs_input")
    return costs(con)


def known_channels(con) -> list[str]:
    """The channels the workspace's rules can name."""
    return sorted(set(get_rules(con, "channel")["channel"].dropna()))


def read_costs_csv(path_or_buffer) -> pd.DataFrame:
    """Cost rows from a CSV file (any separator; headers as spreadsheets name them)."""
    try:
        raw = pd.read_csv(path_or_buffer, sep=None, engine="python", dtype=str, keep_default_na=False,
                          encoding="utf-8-sig", skip_blank_lines=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError, OSError):
        raise CostError("The costs file could not be read: save it as CSV with a header row, "
                        "e.g. period_start,period_end,channel,campaign,cost.") from None
    return check_costs(_standard_columns(raw))


def _standard_columns(raw: pd.DataFrame) -> pd.DataFrame:
    names = {re.sub(r"[^a-z0-9]+", "_", str(c).lower()).strip("_"): c for c in raw.columns}
    found = {col: next((names[w] for w in words if w in names), None) for col, words in HEADERS.items()}
    if found["cost"] is None:
        raise CostError("The costs file needs a cost column (also called spend or amount); its columns are: "
                        + ", ".join(map(str, raw.columns)) + ".")
    frame = pd.DataFrame({col: raw[found[col]] if found[col] else None for col in COLUMNS}, index=raw.index)
    if found["period_start"] is None:
        if found["day"] is not None:
            frame["period_start"] = frame["period_end"] = raw[found["day"]]
        elif found["month"] is not None:
            months = [_month(v, i + 1) for i, v in enumerate(raw[found["month"]])]
            frame["period_start"] = [m[0] if m else None for m in months]
            frame["period_end"] = [m[1] if m else None for m in months]
        else:
            raise CostError("The costs file needs the period: period_start and period_end columns, "
                            "or one date (a day's cost) or month (e.g. 2024-03) column.")
    elif found["period_end"] is None:
        raise CostError("The costs file has a start date column but no period_end column.")
    return frame


def _month(value, row: int) -> tuple[dt.date, dt.date] | None:
    text = str(value).strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if not match or not 1 <= int(match[2]) <= 12:
        raise CostError(f'Row {row}: the month "{text}" should look like 2024-03.')
    year, month = int(match[1]), int(match[2])
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def check_costs(frame: pd.DataFrame, channels: list[str] | None = None) -> pd.DataFrame:
    """Clean cost rows: dates as dates, the cost a number ≥ 0, campaigns in lower case, blank
    channel/campaign as None.
    Rows left wholly blank (an editor's empty last line) are dropped. channels: the names a
    channel may take (spelled as given there, whatever the case typed)."""
    frame = frame.reindex(columns=COLUMNS)
    records = []
    for row, values in enumerate(frame.itertuples(index=False), start=1):
        cells = dict(zip(COLUMNS, values))
        if all(_blank(v) for v in cells.values()):
            continue
        start, end = _date(cells["period_start"], row, "start"), _date(cells["period_end"], row, "end")
        if start is None or end is None:
            raise CostError(f"Row {row} has no {'start' if start is None else 'end'} date; "
                            "give both (the same day twice for one day).")
        if end < start:
            raise CostError(f"Row {row} ends ({end}) before it starts ({start}).")
        records.append({"period_start": start, "period_end": end,
                        "channel": _channel(cells["channel"], row, channels),
                        # lower case, as every export's campaigns are in touchpoints
                        "campaign": None if _blank(cells["campaign"]) else str(cells["campaign"]).strip().lower(),
                        "cost": _cost(cells["cost"], row)})
    if not records:
        return empty_costs()
    checked = pd.DataFrame(records, columns=COLUMNS)
    for col in ("period_start", "period_end"):
        checked[col] = pd.to_datetime(checked[col]).astype("datetime64[s]")
    return _blank_as_none(checked.astype({"cost": "float64"}))


def _blank_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    """channel and campaign as plain objects, blank as None (pandas would make them NaN)."""
    for col in ("channel", "campaign"):
        frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame


def _blank(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or \
        (isinstance(value, str) and not value.strip())


def _date(value, row: int, label: str) -> dt.date | None:
    if _blank(value):
        return None
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.date() if isinstance(value, dt.datetime) else value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise CostError(f'Row {row}: the {label} date "{text}" should look like 2024-03-01.') from None


def _cost(value, row: int) -> float:
    if _blank(value):
        raise CostError(f"Row {row} has no cost.")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = re.sub(r"[\s$€£¥]|usd|eur|gbp", "", str(value).strip(), flags=re.IGNORECASE)
        if "," in text and "." in text:        # 1,234.50 (or 1.234,50)
            text = text.replace(",", "") if text.rfind(".") > text.rfind(",") else text.replace(".", "").replace(",", ".")
        elif re.fullmatch(r"-?\d+,\d{1,2}", text):  # 1234,50
            text = text.replace(",", ".")
        else:
            text = text.replace(",", "")
        try:
            number = float(text)
        except ValueError:
            raise CostError(f'Row {row}: the cost "{value}" is not a number.') from None
    if not math.isfinite(number):
        raise CostError(f'Row {row}: the cost "{value}" is not a number.')
    if number < 0:
        raise CostError(f"Row {row}: the cost is below zero ({number:g}).")
    return number


def _channel(value, row: int, channels: list[str] | None) -> str | None:
    if _blank(value):
        return None
    name = str(value).strip()
    if channels is None:
        return name
    spelled = {c.lower(): c for c in channels}
    if name.lower() not in spelled:
        raise CostError(f'Row {row}: "{name}" is not one of the channels ({", ".join(channels)}).'
                        + did_you_mean(name, channels))
    return spelled[name.lower()]
