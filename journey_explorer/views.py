"""Views: each returns a DataFrame (the app draws it, the CLI writes it as CSV)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import db
from .filters import Filters, register_scope
from .privacy import mask_pii


def touchpoints(con, filters: Filters | None = None) -> pd.DataFrame:
    """The touchpoints columns (no emails or phone numbers are in them: ids are pseudonymous)."""
    register_scope(con, filters)
    return db.frame(con, "views/touchpoints")


def rejects(con, show_pii: bool = False, files: list[str] | None = None) -> pd.DataFrame:
    """Rejected rows (of these files only, when given); raw rows masked unless show_pii."""
    frame = db.frame(con, "views/rejects", files=files)
    if not show_pii:
        frame["raw"] = frame["raw"].map(mask_pii)
    return frame


def loads(con) -> pd.DataFrame:
    return db.frame(con, "views/loads")


def filter_choices(con) -> dict:
    """Values the sidebar offers: kinds, channels and the date range of the workspace."""
    kinds, channels, first, last = db.rows(con, "views/filter_choices")[0]
    return {"kinds": kinds or [], "channels": channels or [], "first": first, "last": last}


def attribute_values(con, name: str) -> list[str]:
    return [r[0] for r in db.rows(con, "views/attribute_values", path=f'$."{name}"')]


def attribute_names(con) -> list[str]:
    return [r[0] for r in db.rows(con, "views/attribute_names")]


@dataclass
class Overview:
    totals: dict
    by_kind: pd.DataFrame
    by_channel: pd.DataFrame
    by_month: pd.DataFrame
    kind_mix: pd.DataFrame


def overview(con, filters: Filters | None = None) -> Overview:
    register_scope(con, filters)
    db.run(con, "views/overview_customers")
    totals = db.frame(con, "views/overview_totals").iloc[0].to_dict()
    unfiltered = filters is None or filters.is_empty()
    return Overview(totals, db.frame(con, "views/overview_by_kind"),
                    db.frame(con, "views/overview_by_channel_steps" if unfiltered else "views/overview_by_channel"),
                    db.frame(con, "views/overview_by_month"),
                    db.frame(con, "views/overview_kind_mix"))


VIEWS = {"touchpoints": touchpoints, "rejects": rejects}
