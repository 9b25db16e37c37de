"""Tables as a person reads them: friendly headers, thousands separators, percentages, durations
in their unit, p-values as "< 0.001", money in the workspace's currency, "–" for nothing.

The grid keeps the numbers (so a column still sorts as numbers); only what it shows is
formatted (a pandas Styler's display values), with the functions of journey_explorer.formats.
The grid writes "None" for a missing number whatever the Styler says, so a column with a gap
is handed over as its formatted text.
"""
from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from journey_explorer import formats

FORMATS = {
    "count": formats.count, "decimal": formats.decimal, "percent": formats.percent,
    "change": formats.signed_percent, "multiple": formats.multiple, "p_value": formats.p_value,
    "duration": formats.duration, "days": formats.days,
    "text": lambda v: formats.MISSING if formats.missing(v) or v == "" else str(v),
    "yes_no": lambda v: formats.MISSING if formats.missing(v) else ("Yes" if v else "No"),
    "date": lambda v: formats.MISSING if formats.missing(v) or v is pd.NaT else f"{pd.Timestamp(v):%d %b %Y}",
    "datetime": lambda v: formats.MISSING if formats.missing(v) or v is pd.NaT else f"{pd.Timestamp(v):%d %b %Y %H:%M}",
}


def formatter(kind, currency: str = "USD"):
    """The function that writes a value of this kind (a kind may be such a function itself)."""
    if callable(kind):
        return kind
    if kind == "money":
        return partial(formats.money, currency=currency)
    return FORMATS[kind]


def styled(frame: pd.DataFrame, columns: dict[str, tuple[str, str]], currency: str = "USD", hidden=()):
    """frame's `columns` (name → (header, kind)), in that order, as a Styler that shows them
    formatted; `hidden` columns ride along unseen (the raw values behind a readable column)."""
    shown = frame[[c for c in columns if c in frame] + [c for c in hidden if c in frame and c not in columns]]
    writers = {c: formatter(kind, currency) for c, (_, kind) in columns.items() if c in shown}
    gaps = [c for c in writers if shown[c].isna().any()]
    if gaps:
        shown = shown.assign(**{c: [writers[c](v) for v in shown[c]] for c in gaps})
    return shown.style.format({c: w for c, w in writers.items() if c not in gaps}, na_rep=formats.MISSING)


def show(frame: pd.DataFrame, columns: dict[str, tuple[str, str]], currency: str = "USD", hidden=(),
         container=st, **options) -> None:
    """st.dataframe of the columns named (name → (header, kind)); `hidden` ones are in its data
    but not on screen, the others are left out."""
    config = {c: st.column_config.Column(header) for c, (header, _) in columns.items() if c in frame}
    config.update({c: None for c in hidden if c in frame and c not in columns})
    container.dataframe(styled(frame, columns, currency, hidden), hide_index=True, width="stretch",
                        column_config=config, **options)
