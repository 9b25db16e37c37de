"""The data itself: touchpoints, rejects, loads, and the values the sidebar filters offer."""
from __future__ import annotations

import pandas as pd

from .. import db
from ..filters import Filters, register_scope
from ..privacy import mask_frame


def touchpoints(con, filters: Filters | None = None) -> pd.DataFrame:
    """The touchpoints columns (no emails or phone numbers are in them: ids are pseudonymous)."""
    register_scope(con, filters)
    return db.frame(con, "views/tables/touchpoints")


def rejects(con, show_pii: bool = False, files: list[str] | None = None) -> pd.DataFrame:
    """Rejected rows (of these files only, when given); reasons and raw rows masked unless show_pii
    (a reason may quote the value it could not read)."""
    frame = db.frame(con, "views/tables/rejects", files=files)
    return frame if show_pii else mask_frame(frame)


def loads(con) -> pd.DataFrame:
    return db.frame(con, "views/tables/loads")


def filter_choices(con) -> dict:
    """Values the sidebar offers: kinds, channels and the date range of the workspace."""
    kinds, channels, first, last = db.rows(con, "views/tables/filter_choices")[0]
    return {"kinds": kinds or [], "channels": channels or [], "first": first, "last": last}


def attribute_values(con, name: str) -> list[str]:
    return [r[0] for r in db.rows(con, "views/tables/attribute_values", path=f'$."{name}"')]


def attribute_names(con) -> list[str]:
    return [r[0] for r in db.rows(con, "views/tables/attribute_names")]


VIEWS = {"touchpoints": touchpoints, "rejects": rejects}
