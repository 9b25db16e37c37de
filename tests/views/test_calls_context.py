"""What the Calls page shows around the calls (when they come, who calls, how long, what callers
did before and after) against pandas computations over the touchpoints of a generated
demo-shaped workspace (20k events: web, calls, email)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from journey_explorer.filters import parse_filters
from journey_explorer.model import TECHNICAL_EVENTS
from journey_explorer.views import calls as calls_view

DAY = pd.Timedelta(days=1)


@pytest.fixture(scope="module")
def tp(demo_ws):
    frame = demo_ws.execute("""SELECT customer_id, ts, kind, touchpoint, channel, campaign, value, is_conversion,
                                      attrs, origin_file, origin_row FROM touchpoints""").df()
    return frame.sort_values(["customer_id", "ts", "origin_file", "origin_row"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def calls(tp):
    """One row per call with its facts read from attrs as the call log's mapping stored them."""
    c = tp[tp["kind"] == "call"].sort_values(["ts", "customer_id", "origin_file", "origin_row"]).copy()
    facts = c["attrs"].map(json.loads)
    c["status"] = facts.map(lambda a: a["call_status"])
    c["answered"] = c["status"] == "answered"
    c["duration"] = facts.map(lambda a: a.get("call_duration_seconds")).astype(float)
    flag = facts.map(lambda a: a.get("first_call"))
    c["first_time"] = flag.where(flag.notna(), ~c.duplicated("customer_id")).astype(bool)
    return c


def test_demo_calls_carry_canonical_facts(calls):
    assert len(calls) > 100 and set(calls["status"]) <= {"answered", "missed", "voicemail", "abandoned"}
    assert calls["duration"].notna().all() and calls["first_time"].any() and not calls["first_time"].all()
    assert {"Phone", "Paid Search"} <= set(calls["channel"])  # a call's channel comes from its source


@pytest.mark.parametrize("tz", ["UTC", "Asia/Kolkata"])
def test_heatmap_counts_every_weekday_and_hour(demo_ws, calls, tz):
    got = calls_view.heatmap(demo_ws, timezone=tz)
    local = calls["ts"].dt.tz_localize("UTC").dt.tz_convert(tz)
    cells = calls.assign(weekday=local.dt.day_name(), hour=local.dt.hour).groupby(["weekday", "hour"])
    counts, answered = cells.size(), cells["answered"].sum()
    assert len(got) == 7 * 24 and got["calls"].sum() == len(calls)
    assert got["weekday"].tolist() == [d for d in calls_view.WEEKDAYS for _ in range(24)]
    for row in got.itertuples():
        n = counts.get((row.weekday, row.hour), 0)
        assert (row.calls, row.answered) == (n, answered.get((row.weekday, row.hour), 0))
        assert row.answer_rate == pytest.approx(row.answered / n) if n else pd.isna(row.answer_rate)


def test_first_time_against_repeat_callers(demo_ws, calls):
    got = calls_view.caller_types(demo_ws).set_index("caller")
    for name, g in calls.groupby(np.where(calls["first_time"], "First-time", "Repeat")):
        row = got.loc[name]
        assert row["calls"] == len(g) and row["answered"] == g["answered"].sum()
        assert row["answer_rate"] == pytest.approx(g["answered"].mean())
        assert row["customers"] == g["customer_id"].nunique()
        assert row["median_duration_seconds"] == pytest.approx(g.loc[g["answered"], "duration"].median())
        assert row["conversions"] == g["is_conversion"].sum()
        assert row["value"] == pytest.approx(g["value"].fillna(0).sum())


def test_durations_of_answered_calls_in_bins(demo_ws, calls):
    got = calls_view.durations(demo_ws)
    seconds = calls.loc[calls["answered"], "duration"].dropna()
    edges = [0, 30, 60, 120, 300, 600, 1200, np.inf]
    want = pd.cut(seconds, edges, right=False).value_counts(sort=False).tolist()
    assert got["calls"].tolist() == want and sum(want) == len(seconds)
    assert got["share"].tolist() == pytest.approx([n / len(seconds) for n in want])
    assert got["duration"].iloc[0] == "under 30 s" and got["duration"].iloc[-1] == "20 min or more"


def test_calls_per_week_by_channel(demo_ws, calls):
    got = calls_view.calls_per_week(demo_ws)
    week = calls["ts"].dt.to_period("W-SUN").dt.start_time
    want = calls.assign(week=week).groupby(["week", "channel"]).agg(calls=("answered", "size"),
                                                                      answered=("answered", "sum")).reset_index()
    assert got["week"].astype("datetime64[us]").tolist() == want["week"].astype("datetime64[us]").tolist()
    assert got[["channel", "calls", "answered"]].values.tolist() == want[["channel", "calls", "answered"]].values.tolist()


def web_of(tp):
    """Each customer's website touchpoints one per moment (the journey's last there), technical hits left out."""
    web = tp[(tp["kind"] == "web") & ~tp["touchpoint"].isin(TECHNICAL_EVENTS)]
    web = web.drop_duplicates(["customer_id", "ts"], keep="last")
    return {k: (g["ts"].to_numpy(), g["touchpoint"].tolist()) for k, g in web.groupby("customer_id")}


def test_web_journeys_into_a_call(demo_ws, tp, calls):
    web = web_of(tp)
    paths = []
    for call in calls.itertuples():
        times, names = web.get(call.customer_id, (np.array([], "datetime64[us]"), []))
        lo, hi = np.searchsorted(times, np.datetime64(call.ts - 7 * DAY), "left"), np.searchsorted(times, np.datetime64(call.ts), "left")
        steps = [n for i, n in enumerate(names[lo:hi]) if i == 0 or n != names[lo:hi][i - 1]][-3:]
        paths.append(" → ".join(steps) + " → Call" if steps else calls_view.NO_WEB_IN_DAYS.format(days=7))
    counted = calls.assign(path=paths).groupby("path").agg(calls=("answered", "size"), answered=("answered", "sum"))
    counted = counted.reset_index().assign(none=lambda f: f["path"].str.startswith("(no "), neg=lambda f: -f["calls"])
    counted = counted.sort_values(["none", "neg", "path"])
    assert (counted["path"].str.count(" → ") == 3).any()  # journeys longer than three were cut
    for top in (10, len(counted)):  # the page's top ten, and every journey
        want, got = counted.head(top), calls_view.journeys_before(demo_ws, top=top)
        assert got["path"].tolist() == want["path"].tolist()
        assert got["calls"].tolist() == want["calls"].tolist() and got["answered"].tolist() == want["answered"].tolist()
        assert got["share"].tolist() == pytest.approx((want["calls"] / len(calls)).tolist())


def test_last_website_touchpoint_before_a_call(demo_ws, tp, calls):
    web = web_of(tp)
    last, gap = [], []
    for call in calls.itertuples():
        times, names = web.get(call.customer_id, (np.array([], "datetime64[us]"), []))
        i = np.searchsorted(times, np.datetime64(call.ts), "left") - 1
        last.append(names[i] if i >= 0 else None)
        gap.append((call.ts - pd.Timestamp(times[i])).total_seconds() if i >= 0 else np.nan)
    c = calls.assign(last=last, gap=gap)
    seen = c.dropna(subset=["last"]).groupby("last").agg(calls=("gap", "size"), minutes=("gap", "median")).reset_index()
    seen = seen.assign(neg=-seen["calls"]).sort_values(["neg", "last"])
    got = calls_view.last_touchpoints(demo_ws, top=8)
    want = seen.head(8)
    assert got["touchpoint"].tolist() == want["last"].tolist()
    assert got["calls"].tolist() == want["calls"].tolist()
    assert got["median_minutes_before"].tolist() == pytest.approx((want["minutes"] / 60).tolist())
    bins = pd.cut(c["gap"], [0, 600, 3600, 86400, 604800, np.inf], right=False).value_counts(sort=False).tolist()
    before = calls_view.time_before(demo_ws)
    assert before["calls"].tolist() == bins + [int(c["gap"].isna().sum())]
    assert before["calls"].sum() == len(calls)


def test_what_callers_did_after_a_call(demo_ws, tp, calls):
    by_customer = {k: g for k, g in tp.groupby("customer_id")}
    counts = dict.fromkeys(["called again", "email activity", "visited the website", "converted online", "nothing"], 0)
    for call in calls.itertuples():
        g = by_customer[call.customer_id]
        after = g[(g["ts"] > call.ts) & (g["ts"] <= call.ts + 30 * DAY)]
        counts["called again"] += (after["kind"] == "call").any()
        counts["email activity"] += (after["kind"] == "email").any()
        counts["visited the website"] += (after["kind"] == "web").any()
        counts["converted online"] += (after["is_conversion"] & (after["kind"] != "call")).any()
        counts["nothing"] += after.empty
    got = calls_view.after_call(demo_ws)
    assert dict(zip(got["did"], got["calls"])) == counts
    assert got["share"].tolist() == pytest.approx([n / len(calls) for n in counts.values()])


def test_customers_who_called_after_an_email(demo_ws, tp, calls):
    emails = tp[tp["kind"] == "email"]
    pairs = calls[["customer_id", "ts", "origin_row"]].merge(emails[["customer_id", "ts", "campaign"]],
                                                             on="customer_id", suffixes=("", "_email"))
    pairs = pairs[(pairs["ts_email"] < pairs["ts"]) & (pairs["ts_email"] >= pairs["ts"] - 7 * DAY)]
    got = calls_view.called_after_email(demo_ws)
    assert got["campaign"].iloc[0] == "All email"
    assert got["callers"].iloc[0] == pairs["customer_id"].nunique() > 0
    assert got["calls"].iloc[0] == pairs["origin_row"].nunique()
    per = pairs.groupby(pairs["campaign"].fillna("(no campaign)")).agg(
        callers=("customer_id", "nunique"), calls=("origin_row", "nunique")).reset_index()
    rows = got.iloc[1:]
    assert sorted(zip(rows["campaign"], rows["callers"], rows["calls"])) == \
        sorted(zip(per["campaign"], per["callers"], per["calls"]))
    assert rows["callers"].is_monotonic_decreasing
    assert got["share_of_callers"].iloc[0] == pytest.approx(got["callers"].iloc[0] / calls["customer_id"].nunique())


def test_filters_pick_the_calls_but_not_their_context(demo_ws, calls):
    filters = parse_filters(["channel=Phone"])
    phone = calls[calls["channel"] == "Phone"]
    assert calls_view.heatmap(demo_ws, filters)["calls"].sum() == len(phone) < len(calls)
    # the website visits before a Phone call are not Phone touchpoints, yet they are read
    before = calls_view.time_before(demo_ws, filters)
    assert before["calls"].sum() == len(phone)
    assert before.set_index("time_before")["calls"]["no website visit before"] < len(phone)


SEGMENT = ["anonymous_id", "user_id", "event", "timestamp", "received_at", "context_page_path",
           "context_campaign_source", "context_campaign_medium", "email", "phone"]


def test_a_journey_into_a_call_by_hand(tmp_path):
    """Ann browses, looks at tents twice in a row (one step), leaves her phone on a form and calls
    an hour later, and again nine days later; Bob calls without ever visiting."""
    from helpers import CALL_HEADER, write_csv

    from journey_explorer import workspace
    from journey_explorer.ingest import load_files

    visits = [("2024-03-01T09:00:00Z", "page_view", "/"), ("2024-03-01T10:00:00Z", "page_view", "/pricing"),
              ("2024-03-01T10:01:00Z", "page_view", "/tents"), ("2024-03-01T10:02:00Z", "page_view", "/tents"),
              ("2024-03-01T10:05:00Z", "form_submitted", "/contact")]
    web = write_csv(tmp_path / "web.csv", SEGMENT, [
        ["a1", "", event, ts, ts, path, "google", "organic", "ann@example.com" if event != "page_view" else "",
         "(415) 555-0132" if event != "page_view" else ""] for ts, event, path in visits])
    calls = write_csv(tmp_path / "calls.csv", CALL_HEADER, [
        ["2024-03-01 11:05:00", "415-555-0132", "(800) 555-0100", "00:03:03", "true", "true", "google", "cpc",
         "", "", "", "", "", "mobile", ""],
        ["2024-03-10 11:05:00", "+1 415 555 0132", "(800) 555-0100", "95", "false", "false", "", "", "", "", "",
         "", "", "mobile", ""],
        ["2024-03-02 08:00:00", "(212) 555-0147", "(800) 555-0100", "0", "voicemail", "", "", "", "", "", "",
         "", "", "mobile", ""]])
    con = workspace.connect(tmp_path / "ws.duckdb")
    try:
        load_files(con, [web, calls])
        journeys = calls_view.journeys_before(con)
        assert journeys[["path", "calls", "answered"]].values.tolist() == [
            ["page_view /pricing → page_view /tents → form_submitted → Call", 1, 1],
            [calls_view.NO_WEB_IN_DAYS.format(days=7), 2, 0]]
        last = calls_view.last_touchpoints(con)
        assert last[["touchpoint", "calls"]].values.tolist() == [["form_submitted", 2], [calls_view.NO_WEB, 1]]
        # an hour before the first call, nine days and an hour before the second: the median between
        assert last["median_minutes_before"].iloc[0] == pytest.approx((60 + 9 * 24 * 60 + 60) / 2)
        before = calls_view.time_before(con).set_index("time_before")["calls"]
        assert before[before > 0].to_dict() == {"1 to 24 hours": 1, "more than 7 days": 1, "no website visit before": 1}
        after = calls_view.after_call(con).set_index("did")["calls"].to_dict()
        assert after == {"called again": 1, "email activity": 0, "visited the website": 0,
                         "converted online": 0, "nothing": 2}
        types = calls_view.caller_types(con).set_index("caller")
        # Bob's export says nothing of first-time: his first call is; Ann's second is marked repeat
        assert types["calls"].to_dict() == {"First-time": 2, "Repeat": 1}
        assert types.loc["First-time", "median_duration_seconds"] == 183
    finally:
        con.close()
