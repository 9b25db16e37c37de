"""The Overview page's numbers: totals, customers per kind and channel, touchpoints per month."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import db
from ..filters import Filters, register_scope


@dataclass
class Overview:
    totals: dict
    by_kind: pd.DataFrame
    by_channel: pd.DataFrame
    by_month: pd.DataFrame
    kind_mix: pd.DataFrame


def overview(con, filters: Filters | None = None) -> Overview:
    register_scope(con, filters)
    db.run(con, "views/overview/customers")
    totals = db.frame(con, "views/overview/totals").iloc[0].to_dict()
    unfiltered = filters is None or filters.is_empty()
    return Overview(totals, db.frame(con, "views/overview/by_kind"),
                    db.frame(con, "views/overview/by_channel_steps" if unfiltered else "views/overview/by_channel"),
                    db.frame(con, "views/overview/by_month"),
                    db.frame(con, "views/overview/kind_mix"))
