"""CSV files that people open in a spreadsheet: the one way the app and the command line write them.

A text cell that starts with =, +, -, @, a tab or a carriage return is run as a formula by Excel,
LibreOffice and Google Sheets (CSV injection: `=HYPERLINK(...)` from a campaign name becomes a
link, `@cmd` a command). OWASP's advice, followed here: put a single quote in front, which the
spreadsheet shows as text. Numbers are not touched, neither in number columns nor as text
("-12.5" stays -12.5); emails and phone numbers are masked unless asked for.
"""
from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path
from typing import IO

import pandas as pd

from .privacy import mask_frame, replaced

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?%?")


def neutralise(value):
    """A text that a spreadsheet would read as a formula, made plain text; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame, show_pii: bool = False) -> pd.DataFrame:
    """The frame as it may be written out: contact details masked (unless show_pii), text cells
    and column names neutralised (vectorised over Arrow strings; a million rows take a second)."""
    frame = frame if show_pii else mask_frame(frame)
    changed = {}
    for name in frame.columns:
        column = frame[name]
        if column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            text = _as_text(column)
            if text is None:  # an object column mixing text with other values
                changed[name] = column.map(neutralise)
                continue
            risky = text.str.startswith(FORMULA_START).fillna(False).astype(bool)
            if risky.any():
                risky[risky] = ~text[risky].str.fullmatch(PLAIN_NUMBER.pattern).fillna(False).astype(bool)
            if risky.any():
                changed[name] = text.mask(risky, "'" + text)
    names = {n: neutralise(n) for n in frame.columns if isinstance(n, str) and neutralise(n) != n}
    return replaced(frame, changed, names)


def _as_text(column: pd.Series) -> pd.Series | None:
    if isinstance(column.dtype, pd.StringDtype):
        return column
    if column.map(lambda v: isinstance(v, str) or v is None or (isinstance(v, float) and math.isnan(v))).all():
        return column.astype("string[pyarrow]")
    return None


def safe_csv(frame: pd.DataFrame, show_pii: bool = False) -> str:
    """The frame as CSV text (no index), safe to open in a spreadsheet."""
    buffer = io.StringIO()
    write_csv(frame, buffer, show_pii)
    return buffer.getvalue()


def write_csv(frame: pd.DataFrame, out: str | Path | IO[str], show_pii: bool = False) -> None:
    """Write the frame as CSV (no index) to a path or an open text file, safe to open in a
    spreadsheet."""
    frame = safe_frame(frame, show_pii)
    # Python's csv quotes a cell holding \n but not one holding a lone \r, which spreadsheets
    # read as a line break: the rest of the cell would start a row of its own (and could be a
    # formula again). Such a file gets every text cell quoted.
    quoting = csv.QUOTE_NONNUMERIC if _has_carriage_return(frame) else csv.QUOTE_MINIMAL
    frame.to_csv(out, index=False, quoting=quoting)


def _has_carriage_return(frame: pd.DataFrame) -> bool:
    if any("\r" in str(n) for n in frame.columns):
        return True
    return any(frame[n].astype(str).str.contains("\r", regex=False).any() for n in frame.columns
               if frame[n].dtype == object or pd.api.types.is_string_dtype(frame[n].dtype))
