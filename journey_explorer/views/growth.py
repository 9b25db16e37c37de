"""Growth: interactions, active customers and conversions per channel, kind or campaign over time.

growth() returns one row per period and group on the full grid of periods (SQL in
queries/growth/); growth_multiple() compares two of its periods. Figures are drawn elsewhere.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from .. import db
from ..filters import Filters, register_scope
from ..model import did_you_mean

GROUPINGS = ("channel", "kind", "campaign")
PERIODS = ("day", "week", "month", "quarter", "year")
TOP = 8  # groups kept; the rest is folded into "Other" (campaigns are many)
OTHER = "Other"
COLUMNS = ["period", "group", "interactions", "customers", "growth_pct", "share", "conversions",
           "yoy_pct", "index", "complete"]
STEP = {"day": pd.DateOffset(days=1), "week": pd.DateOffset(weeks=1), "month": pd.DateOffset(months=1),
        "quarter": pd.DateOffset(months=3), "year": pd.DateOffset(years=1)}


class GrowthError(ValueError):
    """An option a user gave that cannot be used; the message says what to do."""


def _check(value: str, choices: tuple, what: str) -> str:
    if value not in choices:
        raise GrowthError(f'"{value}" is not {what}; use one of {", ".join(choices)}.'
                          + did_you_mean(str(value), choices))
    return value


def coverage(con, filters: Filters | None = None) -> tuple[dt.date | None, dt.date | None]:
    """First and last day the data covers: the exports' days, narrowed by the filters' dates.
    Other filters (a channel, a device) leave it alone: a day without calls is still covered."""
    first, last = db.rows(con, "views/growth/coverage")[0]
    if first is None:
        return None, None
    filters = filters or Filters()
    return max(first, filters.date_from or first), min(last, filters.date_to or last)


# The longest span (days) each period fits: days for a few weeks, weeks for a few months, months
# for a few years; about 6 to 45 periods on a chart.
FITS = (("day", 45), ("week", 200), ("month", 4 * 366), ("quarter", 12 * 366))


def fitting_period(first: dt.date | None, last: dt.date | None) -> str:
    """The period that fits a span of data: day, week, month, quarter or year."""
    if first is None or last is None:
        return "month"
    days = (last - first).days + 1
    return next((period for period, longest in FITS if days <= longest), "year")


# The comparison charts (share, index, growth %, conversions) draw at most this many periods: a
# half-width chart has room for about 80 bars, and 1,000 days of them (or 157 weeks) are
# unreadable and slow to draw (a bar, a tooltip and a cell each), so they step up to weeks, months…
MOST_DRAWN = 80
DAYS_IN = {"day": 1, "week": 7, "month": 30.44, "quarter": 91.31, "year": 365.25}


def chart_period(period: str, first: dt.date | None, last: dt.date | None, most: int = MOST_DRAWN) -> str:
    """`period`, or the next coarser one as long as the span would need more than `most` of it."""
    if first is None or last is None:
        return period
    days = (last - first).days + 1
    for coarser in PERIODS[PERIODS.index(period):]:
        if days / DAYS_IN[coarser] <= most:
            return coarser
    return "year"


def growth(con, by: str = "channel", period: str = "month", filters: Filters | None = None,
           top: int = TOP) -> pd.DataFrame:
    """period, group, interactions, customers, growth_pct, share, conversions, yoy_pct, index,
    complete: one row per period (its first day) and group, periods without interactions as 0.
    See queries/growth/table.sql for what each column means."""
    _check(by, GROUPINGS, "something growth can be grouped by")
    _check(period, PERIODS, "a period")
    if not 1 <= int(top) <= 50:
        raise GrowthError("Top should be between 1 and 50.")
    first, last = coverage(con, filters)
    if first is None or first > last:
        return pd.DataFrame(columns=COLUMNS)
    register_scope(con, filters)
    groups = [r[0] for r in db.rows(con, "views/growth/groups", by=by)]
    # Folding a single group into Other would only rename it.
    kept = groups if len(groups) <= int(top) + 1 else groups[:int(top)]
    db.run(con, "views/growth/counts", by=by, period=period, kept=kept)
    return db.frame(con, "views/growth/table", period=period, first=first, last=last)


def period_labels(periods, period: str) -> pd.Series:
    """How people name periods: 2024, 2024-Q1, Mar 2024, week of 4 Mar 2024, 5 Mar 2024."""
    days = pd.Series(pd.to_datetime(periods)).dt
    if period == "year":
        return days.strftime("%Y")
    if period == "quarter":
        return days.strftime("%Y-Q") + days.quarter.astype(str)
    if period == "month":
        return days.strftime("%b %Y")
    return ("week of " if period == "week" else "") + days.day.astype(str) + days.strftime(" %b %Y")


def period_label(day, period: str) -> str:
    return period_labels([day], period).iloc[0]


def period_ends(periods: pd.Series, period: str) -> pd.Series:
    """The start of the next period (where a bar for the period ends)."""
    return pd.to_datetime(periods) + STEP[period]


COMPARED_WITH = {"previous": "growth_pct", "year": "yoy_pct"}


def growth_rates(frame: pd.DataFrame, period: str, compared_with: str = "previous") -> pd.DataFrame:
    """period, group, growth_pct against the previous period or the same period a year earlier,
    and like_for_like: both periods are complete (a partial first or last period is no fair
    comparison, so the page marks it rather than colouring it like the others)."""
    rates = frame[["period", "group", "complete", COMPARED_WITH[compared_with]]].set_axis(
        ["period", "group", "complete", "growth_pct"], axis=1)
    if compared_with == "previous":
        other = rates.groupby("group", sort=False)["complete"].shift(1)
    else:
        back = pd.DateOffset(weeks=52) if period == "week" else pd.DateOffset(years=1)
        lookup = rates.set_index(["period", "group"])["complete"]
        other = pd.Series(lookup.reindex(list(zip(rates["period"] - back, rates["group"]))).to_numpy(),
                          index=rates.index)
    rates["like_for_like"] = rates["complete"] & other.astype("boolean").fillna(False).astype(bool)
    return rates.drop(columns="complete")


@dataclass
class Multiple:
    """How much interactions grew from one period to another, overall and per group."""
    start: pd.Timestamp
    end: pd.Timestamp
    start_interactions: int
    end_interactions: int
    multiple: float | None            # end / start; None when the start had no interactions
    fastest: str | None               # the group that grew most (Other is not a group to name)
    fastest_multiple: float | None
    start_complete: bool
    end_complete: bool
    by_group: pd.DataFrame            # group, start, end, multiple


def default_periods(frame: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The first and last complete period (the first and last period when fewer are complete)."""
    periods = frame.drop_duplicates("period")
    complete = periods.loc[periods["complete"], "period"]
    chosen = complete if len(complete) >= 2 else periods["period"]
    return (chosen.iloc[0], chosen.iloc[-1]) if len(chosen) >= 2 else None


def growth_multiple(frame: pd.DataFrame, start, end) -> Multiple:
    """Compare two periods of a growth() frame: "interactions grew 3.1× from 2023 to 2025;
    Phone grew fastest"."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    periods = pd.to_datetime(frame["period"])
    rows = {when: frame[periods == when].set_index("group") for when in (start, end)}
    if rows[start].empty or rows[end].empty:
        raise GrowthError("Pick two periods that are in the data.")
    by_group = pd.DataFrame({"start": rows[start]["interactions"], "end": rows[end]["interactions"]})
    by_group["multiple"] = (by_group["end"] / by_group["start"].where(by_group["start"] > 0)).astype("float64")
    by_group = by_group.rename_axis("group").reset_index()
    named = by_group[(by_group["group"] != OTHER) & by_group["multiple"].notna()]
    fastest = named.sort_values(["multiple", "group"], ascending=[False, True]).head(1)
    total_start, total_end = int(by_group["start"].sum()), int(by_group["end"].sum())
    return Multiple(start, end, total_start, total_end, total_end / total_start if total_start else None,
                    fastest["group"].iloc[0] if len(fastest) else None,
                    float(fastest["multiple"].iloc[0]) if len(fastest) else None,
                    bool(rows[start]["complete"].all()), bool(rows[end]["complete"].all()), by_group)
