"""Masking emails and phone numbers in text shown to people or exported."""
from __future__ import annotations

import dataclasses
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
# Phone-like: a + or a bracketed area code, groups split by separators, a national number with
# its trunk 0 (020 7946 0018, 07700 900123, 06 12 34 56 78) or a US one with its 1 (1-800-555-0199);
# 9 to 15 digits. Dates (2024-03-05 14:22) are not phone-like, nor are epoch seconds: a bare
# 10-digit US number never starts with 0 or 1 (area codes start 2-9).
PHONE = re.compile(r"(?<![\w:.-])(?:\+\d[\d\s().-]{7,18}\d|\(\d{2,5}\)[\s.-]?\d[\d\s.-]{4,12}\d"
                   r"|1[\s.-]?\(?[2-9]\d{2}\)?[\s.-]?\d{3}[\s.-]?\d{4}|0\d{1,4}(?:[\s.-]?\d{2,4}){2,4}"
                   r"|\d{2,5}[\s.-]\d{3,4}[\s.-]\d{3,4}|0\d{9,10}|1?[2-9]\d{9})(?![\w:-])")
PHONE_KEY = re.compile(r'((?:phone|caller[ _-]?(?:number|id)|mobile|telephone)[^"]*"\s*:\s*(?:\{[^}]*?"string_value"\s*:\s*)?")([^"]*)(")',
                       re.IGNORECASE)


def mask_pii(text):
    """Emails keep only their domain; phone numbers become ***."""
    if not isinstance(text, str):
        return text
    text = PHONE_KEY.sub(lambda m: m[1] + ("***" if m[2] else "") + m[3], text)
    text = EMAIL.sub(r"***@\1", text)
    return PHONE.sub(lambda m: "***" if _digits(m[0]) >= 9 and not _looks_like_date(m[0]) else m[0], text)


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _looks_like_date(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}[-/.]\d{2}[-/.]\d{2}.*|\d{2}[-/.]\d{2}[-/.]\d{4}.*", text.strip()))


def mask_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell masked (column names too), numbers untouched.

    Each column's distinct values are masked once and mapped back by position, so a million rows
    with a few thousand names cost a few thousand regex runs. The frame is copied only if
    something changed.
    """
    changed = {}
    for name in frame.columns:
        column = frame[name]
        if column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            masked = _mask_column(column)
            if masked is not None:
                changed[name] = masked
    names = {n: mask_pii(n) for n in frame.columns if isinstance(n, str) and mask_pii(n) != n}
    return replaced(frame, changed, names)


# Every text mask_pii changes has an @, nine digits or a phone-like JSON key (Python's
# IGNORECASE also reads "ı" as "i"). That is checked first over the whole column, vectorised
# (RE2 over Arrow strings), and only the distinct values of the rows it finds go through the
# Python regexes.
MAYBE_PII = r'@|(?s:\p{Nd}(?:.*\p{Nd}){8})|(?i:(?:phone|caller|mob[iı]le|telephone)[^"]*"[^"]*:)'


def _maybe_pii(column: pd.Series) -> np.ndarray:
    found = pc.match_substring_regex(pa.array(_as_arrow_text(column)), MAYBE_PII)
    return pc.fill_null(found, False).to_numpy(zero_copy_only=False)


def _mask_column(column: pd.Series) -> pd.Series | None:
    hits = _maybe_pii(column)
    if not hits.any():
        return None
    codes, uniques = pd.factorize(column[hits])
    masked = np.array([mask_pii(v) for v in uniques], dtype=object)
    if all(m == v for m, v in zip(masked, uniques)):
        return None
    out = column.copy()
    out[hits] = masked[codes]
    return out


def _as_arrow_text(column: pd.Series) -> pd.Series:
    try:
        return column.astype("string[pyarrow]")
    except (TypeError, ValueError):  # an object column mixing text with other values
        return column.map(lambda v: v if isinstance(v, str) else None).astype("string[pyarrow]")


def mask_output(result):
    """mask_frame on whatever a view returned: a frame, text, or frames and text inside lists,
    tuples, dicts and dataclasses (e.g. an Overview)."""
    if isinstance(result, pd.DataFrame):
        return mask_frame(result)
    if isinstance(result, pd.Series):
        return mask_frame(result.to_frame()).iloc[:, 0].rename(result.name)
    if isinstance(result, str):
        return mask_pii(result)
    if isinstance(result, (list, tuple)) and not hasattr(result, "_fields"):
        return type(result)(mask_output(v) for v in result)
    if isinstance(result, dict):
        return {k: mask_output(v) for k, v in result.items()}
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return dataclasses.replace(result, **{f.name: mask_output(getattr(result, f.name))
                                              for f in dataclasses.fields(result) if f.init})
    return result


def replaced(frame: pd.DataFrame, changed: dict, names: dict) -> pd.DataFrame:
    """frame with these columns' values and these column names changed; the frame itself (no
    copy) when nothing changed."""
    if not changed and not names:
        return frame
    out = frame.copy()
    for name, values in changed.items():
        out[name] = values
    return out.rename(columns=names)
