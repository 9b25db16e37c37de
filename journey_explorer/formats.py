"""Numbers as a person reads them: thousands separators, percentages, durations in the unit that
fits ("3.2 days"), p-values ("< 0.001"), money in the workspace's currency, and "–" for a
missing value (never None or NaN). Pure functions; tables and captions use the same ones.
"""
from __future__ import annotations

import math

MISSING = "–"

# The currency a workspace shows values in follows its default country unless set.
COUNTRY_CURRENCY = {"US": "USD", "GB": "GBP", "CA": "CAD", "AU": "AUD", "NZ": "NZD", "IE": "EUR", "DE": "EUR",
                    "FR": "EUR", "NL": "EUR", "ES": "EUR", "IT": "EUR", "BE": "EUR", "AT": "EUR", "PT": "EUR",
                    "FI": "EUR", "SE": "SEK", "NO": "NOK", "DK": "DKK", "CH": "CHF", "PL": "PLN", "IN": "INR",
                    "ZA": "ZAR", "JP": "JPY", "BR": "BRL", "MX": "MXN", "SG": "SGD"}
SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€", "JPY": "¥", "INR": "₹", "CAD": "CA$", "AUD": "A$", "NZD": "NZ$",
           "BRL": "R$", "MXN": "MX$", "SGD": "S$"}
CURRENCIES = tuple(dict.fromkeys(COUNTRY_CURRENCY.values()))


def missing(value) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def count(value) -> str:
    return MISSING if missing(value) else f"{round(float(value)):,}"


def decimal(value, digits: int = 1) -> str:
    return MISSING if missing(value) else f"{float(value):,.{digits}f}"


def percent(share, digits: int = 1) -> str:
    """0.4592 → "45.9%"; whole numbers drop the decimals ("100%", "0%")."""
    if missing(share):
        return MISSING
    text = f"{float(share) * 100:.{digits}f}"
    return (text.rstrip("0").rstrip(".") if "." in text and float(text) in (0, 100) else text) + "%"


def signed_percent(points, digits: int = 1) -> str:
    """A change already in percent: 12.34 → "+12.3%"."""
    return MISSING if missing(points) else f"{float(points):+.{digits}f}%"


def multiple(value) -> str:
    return MISSING if missing(value) else f"{float(value):,.1f}×"


def p_value(p) -> str:
    if missing(p):
        return MISSING
    return "< 0.001" if float(p) < 0.001 else f"{float(p):.3f}"


def _amount(value: float, unit: str) -> str:
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text} {unit}{'' if text == '1' else 's'}"


def duration(seconds) -> str:
    """Seconds in the unit that fits: "45 seconds", "12 minutes", "3.2 hours", "3.2 days"."""
    if missing(seconds):
        return MISSING
    seconds = float(seconds)
    if seconds < 60:
        return _amount(round(seconds), "second")
    if seconds < 3600:
        return _amount(round(seconds / 60), "minute")
    if seconds < 86400:
        return _amount(seconds / 3600, "hour")
    return _amount(seconds / 86400, "day")


def days(value) -> str:
    return MISSING if missing(value) else duration(float(value) * 86400)


def currency_of(settings: dict) -> str:
    """The workspace's `currency` setting, or its default country's currency."""
    chosen = str(settings.get("currency") or "").strip().upper()
    return chosen or COUNTRY_CURRENCY.get(str(settings.get("default_country") or "US").upper(), "USD")


def money(value, currency: str = "USD", digits: int = 2) -> str:
    if missing(value):
        return MISSING
    symbol = SYMBOLS.get(currency)
    sign, amount = ("-" if float(value) < 0 else ""), f"{abs(float(value)):,.{digits}f}"
    return f"{sign}{symbol}{amount}" if symbol else f"{sign}{amount} {currency}"


def symbol(currency: str) -> str:
    return SYMBOLS.get(currency, currency)
