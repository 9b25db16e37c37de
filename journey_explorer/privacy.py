"""Masking emails and phone numbers in text shown to people or exported."""
from __future__ import annotations

import re

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
# Phone-like: a + or a bracketed area code, or groups split by separators; 9 to 15 digits.
# Dates (2024-03-05 14:22) are not phone-like, nor are epoch seconds: a bare 10-digit US number
# never starts with 0 or 1 (area codes start 2-9).
PHONE = re.compile(r"(?<![\w:.-])(?:\+\d[\d\s().-]{7,18}\d|\(\d{2,5}\)[\s.-]?\d[\d\s.-]{4,12}\d"
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
