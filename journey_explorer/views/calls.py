"""Calls: which campaigns, sources, keywords, pages and numbers bring calls, when they come in and
get answered, what callers did before and after, and what the calls cost.

Every function reads the calls the filters keep (the `scope` view) and returns a DataFrame; the
SQL is in queries/views/calls/. A call's facts (status answered/missed/voicemail/abandoned,
duration, first-time) come from the call log in canonical form (attrs.call_*, see
queries/ingest/map_call.sql); facts.sql builds one row per call from them. What happened around
a call is read from the customer's whole journey, not only from the filtered touchpoints.
Hours, weekdays and weeks are in the workspace's time zone (setting `timezone`, default UTC).
"""
from __future__ import annotations

import zoneinfo
from dataclasses import dataclass

import pandas as pd

from .. import db
from ..filters import Filters, register_scope
from ..model import did_you_mean
from ..privacy import mask_pii
from ..rules import derived, settings
from .costs import check_costs, empty_costs

GROUPINGS = ("campaign", "source", "keyword", "landing_page", "tracking_number", "hour", "weekday")
COLUMNS = ["group", "calls", "answered", "missed", "answer_rate", "first_time_callers",
           "median_duration_seconds", "conversions", "value"]
COST_COLUMNS = ["cost", "cost_per_call", "roi"]
# Also on the page: missed calls by outcome, and cost per answered first-time call.
DETAIL_COLUMNS = ["voicemail", "abandoned", "answered_first_time", "cost_per_answered_first_time_call"]
NO_GROUP = {"campaign": "(no campaign)", "source": "(no source)", "keyword": "(no keyword)",
            "landing_page": "(no landing page)", "tracking_number": "(no tracking number)"}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NO_WEB = "(no website visit before)"
# The windows the page opens with, which queries/model/call_rows.sql and call_emails.sql work
# out with touchpoints (other windows are searched when asked for).
DEFAULT_PATHS_BEFORE = (3, 7)   # website touchpoints, days before a call
DEFAULT_AFTER_DAYS = 30
DEFAULT_EMAIL_DAYS = 7
NO_WEB_IN_DAYS = "(no website visit in the {days} days before)"


class CallsError(ValueError):
    """An option a user gave that cannot be used; the message says what to do."""


def check_timezone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(str(name))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise CallsError(f'"{name}" is not a time zone; use a name like Europe/London or America/New_York.') from None
    return str(name)


def workspace_timezone(con) -> str:
    """The workspace's time zone (setting `timezone`), UTC when unset or unknown."""
    try:
        return check_timezone(settings(con).get("timezone") or "UTC")
    except CallsError:
        return "UTC"


def prepare(con, filters: Filters | None = None, costs: pd.DataFrame | None = None,
            timezone: str | None = None) -> None:
    """Build call_facts (one row per call in scope) for the queries below."""
    register_scope(con, filters)
    tz = check_timezone(timezone) if timezone else workspace_timezone(con)
    con.register("cost_rows", empty_costs() if costs is None else check_costs(costs))
    # A workspace made before call_rows existed is read the slow way until it is rebuilt.
    built = derived(con, "call_rows")
    if not built:
        con.register("derived_input", con.table("touchpoints"))
        con.register("call_rows", db.relation(con, "model/call_rows"))
    try:
        db.run(con, "views/calls/facts", timezone=tz, whole=filters is None or filters.is_empty())
    finally:
        con.unregister("cost_rows")
        if not built:
            con.unregister("call_rows")
            con.unregister("derived_input")


def calls(con, by: str, filters: Filters | None = None, costs: pd.DataFrame | None = None, *,
          timezone: str | None = None, detail: bool = False) -> pd.DataFrame:
    """group, calls, answered, missed, answer_rate, first_time_callers (customers),
    median_duration_seconds (of answered calls), conversions (calls the conversion rules mark),
    value; with costs (rows of views.costs, not empty) also cost (the calls' share of it),
    cost_per_call and roi (value ÷ cost). detail adds DETAIL_COLUMNS."""
    if by not in GROUPINGS:
        raise CallsError(f'Calls cannot be grouped by "{by}"; use one of {", ".join(GROUPINGS)}.'
                         + did_you_mean(str(by), GROUPINGS))
    prepare(con, filters, costs, timezone)
    return _by_group(con, by, costs is not None and len(costs) > 0, detail)


def _by_group(con, by: str, with_costs: bool, detail: bool) -> pd.DataFrame:
    frame = db.frame(con, "views/calls/by_group", by=by)
    frame["group"] = group_labels(frame["group"], by)
    columns = COLUMNS + (COST_COLUMNS if with_costs else [])
    if detail:
        columns += [c for c in DETAIL_COLUMNS if with_costs or not c.startswith("cost")]
    return frame[columns]


def group_labels(groups: pd.Series, by: str) -> pd.Series:
    """Groups as shown and exported: no group named, text masked, tracking numbers by their last
    digits (enough of them to tell the numbers apart), not in full."""
    groups = groups.astype(object)
    if by == "tracking_number":
        numbers = groups.dropna().unique()
        digits = next((n for n in range(4, 16) if len({str(v)[-n:] for v in numbers}) == len(numbers)), 16)
        shown = groups.map(lambda v: f"number ending {str(v)[-digits:]}" if isinstance(v, str) else v)
    else:
        shown = groups.map(mask_pii)
    return shown.where(groups.notna(), NO_GROUP.get(by, "(none)")).astype(object)


def heatmap(con, filters: Filters | None = None, *, timezone: str | None = None) -> pd.DataFrame:
    """weekday (Monday…Sunday), hour (0–23), calls, answered, answer_rate: all 168 cells."""
    prepare(con, filters, timezone=timezone)
    return _heatmap(con)


def _heatmap(con) -> pd.DataFrame:
    frame = db.frame(con, "views/calls/heatmap")
    frame["weekday"] = frame["weekday"].map(lambda d: WEEKDAYS[d - 1])
    return frame


def caller_types(con, filters: Filters | None = None) -> pd.DataFrame:
    """caller (First-time / Repeat), calls, answered, answer_rate, customers,
    median_duration_seconds, conversions, value."""
    prepare(con, filters)
    return db.frame(con, "views/calls/caller_types")


def durations(con, filters: Filters | None = None) -> pd.DataFrame:
    """duration (a bin), calls, share: how long answered calls lasted."""
    prepare(con, filters)
    return db.frame(con, "views/calls/durations")


def calls_per_week(con, filters: Filters | None = None, *, timezone: str | None = None) -> pd.DataFrame:
    """week (its Monday, local), channel, calls, answered."""
    prepare(con, filters, timezone=timezone)
    return db.frame(con, "views/calls/per_week")


def journeys_before(con, filters: Filters | None = None, steps: int = 3, days: int = 7,
                    top: int = 10) -> pd.DataFrame:
    """path (the last `steps` website touchpoints in the `days` before a call → Call), calls,
    share (of all calls), answered: the `top` most common."""
    prepare(con, filters)
    return _journeys_before(con, steps, days, top)


def _journeys_before(con, steps: int, days: int, top: int) -> pd.DataFrame:
    none = NO_WEB_IN_DAYS.format(days=int(days))
    if (int(steps), int(days)) == DEFAULT_PATHS_BEFORE:  # found with touchpoints (call_rows)
        frame = db.frame(con, "views/calls/paths_before_default", top=int(top), none=none)
    else:
        db.run(con, "views/calls/web_before")
        frame = db.frame(con, "views/calls/paths_before", steps=int(steps), days=int(days), top=int(top), none=none)
    return frame.assign(path=frame["path"].map(mask_pii))


def last_touchpoints(con, filters: Filters | None = None, top: int = 10) -> pd.DataFrame:
    """touchpoint (the last website one before a call), calls, share, median_minutes_before."""
    prepare(con, filters)
    return _last_touchpoints(con, top)[0]


def time_before(con, filters: Filters | None = None) -> pd.DataFrame:
    """time_before (a bin, or no website visit before), calls, share."""
    prepare(con, filters)
    return _last_touchpoints(con, 10)[1]


def _last_touchpoints(con, top: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    db.run(con, "views/calls/last_before")
    last = db.frame(con, "views/calls/last_touchpoints", top=int(top), none=NO_WEB)
    return last.assign(touchpoint=last["touchpoint"].map(mask_pii)), db.frame(con, "views/calls/time_before")


def after_call(con, filters: Filters | None = None, days: int = 30) -> pd.DataFrame:
    """did (called again, email activity, visited the website, converted online, nothing), calls,
    share: what callers did in the `days` after a call (one call can do several)."""
    prepare(con, filters)
    return _after(con, days)


def _after(con, days: int) -> pd.DataFrame:
    if int(days) == DEFAULT_AFTER_DAYS:  # found with touchpoints (call_rows)
        return db.frame(con, "views/calls/after_default")
    return db.frame(con, "views/calls/after", days=int(days))


def called_after_email(con, filters: Filters | None = None, days: int = 7) -> pd.DataFrame:
    """campaign (email campaign; "All email" first), callers, calls, share_of_callers: customers
    who called within `days` after email activity (an open, a click…)."""
    prepare(con, filters)
    return _called_after_email(con, days)


def _called_after_email(con, days: int) -> pd.DataFrame:
    if int(days) == DEFAULT_EMAIL_DAYS and derived(con, "call_emails"):  # found with touchpoints
        frame = db.frame(con, "views/calls/after_email_default")
    else:
        frame = db.frame(con, "views/calls/after_email", days=int(days))
    label = frame["campaign"].map(mask_pii).where(frame["campaign"].notna(), "(no campaign)")
    frame["campaign"] = label.where(~frame["all_campaigns"], "All email").astype(object)
    return frame.drop(columns="all_campaigns")


@dataclass
class CallsReport:
    """Everything the Calls page draws, computed on one build of the calls in scope."""
    by_group: pd.DataFrame
    heatmap: pd.DataFrame
    caller_types: pd.DataFrame
    durations: pd.DataFrame
    per_week: pd.DataFrame
    journeys_before: pd.DataFrame
    last_touchpoints: pd.DataFrame
    time_before: pd.DataFrame
    after: pd.DataFrame
    after_email: pd.DataFrame
    timezone: str

    @property
    def total_calls(self) -> int:
        return int(self.by_group["calls"].sum())


def report(con, by: str, filters: Filters | None = None, costs: pd.DataFrame | None = None,
           timezone: str | None = None) -> CallsReport:
    table = calls(con, by, filters, costs, timezone=timezone, detail=True)  # builds call_facts
    last, before = _last_touchpoints(con, 10)
    return CallsReport(table, _heatmap(con), db.frame(con, "views/calls/caller_types"),
                       db.frame(con, "views/calls/durations"), db.frame(con, "views/calls/per_week"),
                       _journeys_before(con, *DEFAULT_PATHS_BEFORE, 10), last, before,
                       _after(con, DEFAULT_AFTER_DAYS), _called_after_email(con, DEFAULT_EMAIL_DAYS),
                       check_timezone(timezone) if timezone else workspace_timezone(con))
