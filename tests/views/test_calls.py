"""The calls view against a brute-force pandas count of a generated call log.

The log is written the way call-tracking tools write theirs, awkward values included: one caller's
number in several formats ("(415) 555-0132", "+1 415-555-0132", "4155550132", "+44 20 7946 0018"),
durations as "183", "183 s", "3:03", "00:03:03" and "3 min 03 sec", statuses such as completed, voicemail,
abandoned, no-answer and busy, first-time flags as true/Yes/1 or left blank, values as "$80.00"
and "1,200.50", sources in the landing page's utm_* only. It is loaded through the real loader into
a workspace file, and every column of every grouping is recomputed here from what was written.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from helpers import write_csv

from journey_explorer import rules
from journey_explorer.ingest import load_files
from journey_explorer.views import calls as calls_view
from journey_explorer.views.calls import GROUPINGS

HEADER = ["Start Time", "Caller Number", "Tracking Number", "Duration", "Call Status", "First-Time Caller",
          "Source", "Medium", "Campaign", "Keywords", "Landing Page", "Value", "Device Type"]
# Status as written → outcome (blank: answered when the call lasted, else missed).
STATUSES = {"completed": "answered", "Answered": "answered", "Answered Call": "answered",
            "voicemail": "voicemail", "Voicemail": "voicemail", "abandoned": "abandoned",
            "Abandoned Call": "abandoned", "no-answer": "missed", "busy": "missed", "Missed": "missed", "": None}
FIRST_FLAGS = {"true": True, "Yes": True, "1": True, "false": False, "No": False, "0": False, "": None}
# (source, medium, campaign, keyword, landing page, channel the default rules give it)
TRAFFIC = [
    ("google", "cpc", "Brand Search", "Hiking Boots", "https://shop.example.com/boots?utm_content=hero", "Paid Search"),
    ("bing", "cpc", "spring_sale", "", "/tents", "Paid Search"),
    ("facebook", "paid_social", "spring_sale", "", "https://shop.example.com/tents?fbclid=1", "Paid Social"),
    ("google", "organic", "", "", "https://shop.example.com/", "Organic Search"),
    ("(direct)", "(none)", "", "", "", "Phone"),
    ("", "", "", "", "", "Phone"),
    # no source column value: the landing page's utm_* give it
    ("", "", "", "", "https://shop.example.com/p?utm_source=newsletter&utm_medium=email&utm_campaign=April", "Email"),
]
# Tracking numbers: the last two are one number written two ways.
TRACKING = ["(888) 555-0163", "877-555-0199", "(415) 555-0177", "(800) 555-0100", "800.555.0100"]
TIMEZONE = "America/New_York"
START = dt.datetime(2024, 2, 20)  # calls for 8 weeks across the US change to summer time (10 March)


def caller_numbers(rng, n: int) -> list[tuple[str, list[str]]]:
    """(E.164, the ways a person writes it) for n distinct callers, a few of them in London."""
    callers = []
    for i in range(n):
        if i % 9 == 0:
            line = 7946_0000 + i
            e164 = f"+4420{line}"
            ways = [f"+44 20 {str(line)[:4]} {str(line)[4:]}", e164]
        else:
            area, line = ["415", "212", "646", "303"][i % 4], f"{100 + i:04d}"
            e164 = f"+1{area}555{line}"
            ways = [f"({area}) 555-{line}", f"+1 {area}-555-{line}", f"{area}555{line}", f"{area}.555.{line}"]
        callers.append((e164, ways))
    return callers


def duration_text(rng, seconds: int) -> str:
    h, m, s = seconds // 3600, seconds // 60 % 60, seconds % 60
    return rng.choice([str(seconds), f"{seconds} s", f"{h:02d}:{m:02d}:{s:02d}", f"{seconds // 60}:{s:02d}",
                       f"{seconds // 60}m {s}s", f"{seconds // 60} min {s:02d} sec"])


def value_text(rng) -> tuple[str, float | None]:
    amount = float(rng.integers(1, 3000)) + rng.choice([0, 0.5])
    shape = rng.integers(0, 4)
    if shape == 0:
        return "", None
    return [f"{amount:g}", f"${amount:.2f}", f"{amount:,.2f}"][shape - 1], amount


def generate(rng, rows: int = 420) -> tuple[list[list[str]], pd.DataFrame]:
    """The call log's rows, and the truth: one row per loadable call."""
    callers = caller_numbers(rng, 70)
    out, truth = [], []
    for i in range(rows):
        who = int(rng.integers(0, len(callers)))
        e164, ways = callers[who]
        ts = START + dt.timedelta(seconds=int(rng.integers(0, 56 * 86400)))
        status = str(rng.choice(list(STATUSES)))
        outcome = STATUSES[status]
        seconds = int(rng.lognormal(5.2, 0.8)) if outcome in ("answered", None) and rng.random() < 0.8 else int(rng.integers(0, 30))
        duration = duration_text(rng, seconds) if rng.random() < 0.9 else ""
        if outcome is None:  # no status: a call with a length was answered
            outcome = "answered" if duration and seconds > 0 else "missed"
        flag = str(rng.choice(list(FIRST_FLAGS)))
        src, med, camp, kw, page, channel = TRAFFIC[int(rng.integers(0, len(TRAFFIC)))]
        tracking = TRACKING[int(rng.integers(0, len(TRACKING)))]
        value, amount = value_text(rng)
        out.append([ts.strftime("%Y-%m-%d %H:%M:%S"), str(rng.choice(ways)), tracking, duration, status, flag,
                    src, med, camp, kw, page, value, str(rng.choice(["mobile", "desktop"]))])
        path = page.split("://", 1)[-1]
        utm = dict(p.split("=") for p in page.split("?", 1)[1].split("&")) if "?" in page else {}
        truth.append({"row": i + 1, "caller": e164, "ts": ts, "outcome": outcome,
                      "duration": float(seconds) if duration else None, "flag": FIRST_FLAGS[flag],
                      "source": (src or utm.get("utm_source") or None), "campaign": (camp or utm.get("utm_campaign") or "").lower() or None,
                      "keyword": kw.lower() or None,
                      "landing_page": ("/" + path.split("/", 1)[1].split("?")[0] if "/" in path else "/") if page else None,
                      "tracking_number": "".join(ch for ch in tracking if ch.isdigit()),
                      "value": amount, "channel": channel})
    # Rows a loader must reject: no usable phone, no usable time. They count nowhere.
    out.append([(START + dt.timedelta(days=3)).strftime("%Y-%m-%d %H:%M:%S"), "not a phone", TRACKING[0], "60",
                "completed", "true", "google", "cpc", "Brand Search", "", "", "", "mobile"])
    out.append(["sometime", callers[1][1][0], TRACKING[0], "60", "completed", "true", "google", "cpc", "", "", "", "", "mobile"])
    return out, pd.DataFrame(truth)


def with_derived_facts(truth: pd.DataFrame) -> pd.DataFrame:
    t = truth.sort_values(["ts", "row"]).copy()
    t["answered"] = t["outcome"] == "answered"
    first_of_caller = ~t.duplicated("caller")
    t["first_time"] = t["flag"].where(t["flag"].notna(), first_of_caller).astype(bool)
    # The default conversion rule counts answered calls the export marks first-time.
    t["conversion"] = t["answered"] & t["flag"].eq(True)
    local = t["ts"].dt.tz_localize("UTC").dt.tz_convert(TIMEZONE)
    t["local_day"] = local.dt.date
    t["hour"] = local.dt.strftime("%H:00")
    t["clock_hour"] = local.dt.hour
    t["weekday"] = local.dt.day_name()
    t["clock_weekday"] = local.dt.day_of_week
    return t


COSTS = pd.DataFrame({
    "period_start": [dt.date(2024, 3, 1), dt.date(2024, 3, 1), dt.date(2024, 2, 1)],
    "period_end": [dt.date(2024, 3, 31), dt.date(2024, 4, 30), dt.date(2024, 12, 31)],
    "channel": ["Paid Search", None, "paid social"],   # typed in another case: still Paid Social
    "campaign": [None, "Spring_Sale", None],
    "cost": [300.0, 200.0, 125.5],
})


def cost_shares(t: pd.DataFrame) -> pd.Series:
    """Each cost row spread evenly over the calls of its local days, channel and campaign."""
    share = pd.Series(0.0, index=t.index)
    for row in COSTS.itertuples():
        hit = (t["local_day"] >= row.period_start) & (t["local_day"] <= row.period_end)
        if pd.notna(row.channel):
            hit &= t["channel"].str.lower() == row.channel.lower()
        if pd.notna(row.campaign):
            hit &= t["campaign"] == row.campaign.lower()
        share[hit] += row.cost / hit.sum()
    return share


def expected(t: pd.DataFrame, by: str, with_costs: bool) -> pd.DataFrame:
    key = t[by]
    rows = []
    for group, g in t.groupby(key, dropna=False, sort=False):
        answered = g[g["answered"]]
        row = {"raw": None if pd.isna(group) else group, "calls": len(g), "answered": len(answered),
               "missed": len(g) - len(answered), "answer_rate": len(answered) / len(g),
               "first_time_callers": g.loc[g["first_time"], "caller"].nunique(),
               "median_duration_seconds": answered["duration"].dropna().median(),
               "conversions": int(g["conversion"].sum()), "value": g["value"].fillna(0).sum(),
               "voicemail": int((g["outcome"] == "voicemail").sum()),
               "abandoned": int((g["outcome"] == "abandoned").sum()),
               "answered_first_time": int((g["first_time"] & g["answered"]).sum()),
               "clock": g[f"clock_{by}"].iloc[0] if by in ("hour", "weekday") else None}
        if with_costs:
            cost = g["cost"].sum()
            row.update(cost=cost, cost_per_call=cost / len(g),
                       cost_per_answered_first_time_call=cost / row["answered_first_time"] if row["answered_first_time"] else np.nan,
                       roi=row["value"] / cost if cost else np.nan)
        rows.append(row)
    frame = pd.DataFrame(rows)
    if by in ("hour", "weekday"):
        frame = frame.sort_values("clock", kind="stable")
    else:
        frame = frame.assign(none=frame["raw"].isna(), neg=-frame["calls"]).sort_values(
            ["none", "neg", "raw"], kind="stable")
    return frame.reset_index(drop=True)


def label(raw, by: str) -> str:
    if pd.isna(raw):
        return calls_view.NO_GROUP[by]
    return f"number ending {raw[-4:]}" if by == "tracking_number" else raw


@pytest.fixture(scope="module")
def call_log(tmp_path_factory):
    folder = tmp_path_factory.mktemp("call_log")
    rows, truth = generate(np.random.default_rng(13))
    from journey_explorer import workspace
    con = workspace.connect(folder / "workspace.duckdb")
    report = load_files(con, [write_csv(folder / "calls.csv", HEADER, rows)])
    assert [(f.layout, f.rows_loaded, f.rows_rejected) for f in report.files] == [("Call log", len(truth), 2)]
    rules.set_setting(con, "timezone", TIMEZONE)
    t = with_derived_facts(truth)
    yield con, t.assign(cost=cost_shares(t))
    con.close()


@pytest.mark.parametrize("with_costs", [False, True], ids=["no costs", "costs"])
@pytest.mark.parametrize("by", GROUPINGS)
def test_every_column_of_every_grouping_matches_pandas(call_log, by, with_costs):
    con, t = call_log
    got = calls_view.calls(con, by, costs=COSTS if with_costs else None, detail=True)
    want = expected(t, by, with_costs)
    columns = calls_view.COLUMNS + (calls_view.COST_COLUMNS if with_costs else []) + \
        [c for c in calls_view.DETAIL_COLUMNS if with_costs or not c.startswith("cost")]
    assert list(got.columns) == columns
    assert got["group"].tolist() == [label(r, by) for r in want["raw"]]
    for column in columns[1:]:
        assert got[column].astype(float).tolist() == pytest.approx(want[column].astype(float).tolist(), nan_ok=True), column
    assert got["calls"].sum() == len(t)


def test_contract_columns_without_detail(call_log):
    con, _ = call_log
    assert list(calls_view.calls(con, "campaign").columns) == calls_view.COLUMNS
    with_costs = calls_view.calls(con, "campaign", costs=COSTS)
    assert list(with_costs.columns) == calls_view.COLUMNS + calls_view.COST_COLUMNS
    # every cost row covers some calls here, so the groups carry all of it
    assert with_costs["cost"].sum() == pytest.approx(COSTS["cost"].sum())


def test_the_awkward_values_became_canonical_facts(call_log):
    con, t = call_log
    facts = con.execute("""SELECT origin_row, attrs->>'call_status', try_cast(attrs->>'call_duration_seconds' AS DOUBLE),
                                  try_cast(attrs->>'first_call' AS BOOLEAN), channel
                           FROM touchpoints ORDER BY origin_row""").fetchall()
    by_row = t.set_index("row")
    assert [f[0] for f in facts] == sorted(by_row.index)
    for row, status, seconds, first, channel in facts:
        want = by_row.loc[row]
        assert status == want["outcome"], row
        assert (seconds is None and pd.isna(want["duration"])) or seconds == want["duration"], row
        assert first == (None if want["flag"] is None else bool(want["flag"])), row
        assert channel == want["channel"], row


def test_one_number_in_many_formats_is_one_caller(call_log):
    con, t = call_log
    customers = con.execute("SELECT count(DISTINCT customer_id) FROM touchpoints").fetchall()[0][0]
    assert customers == t["caller"].nunique()


def test_timezone_follows_the_setting_and_defaults_to_utc(call_log):
    con, t = call_log
    utc = calls_view.calls(con, "hour", timezone="UTC").set_index("group")["calls"]
    want = t["ts"].dt.strftime("%H:00").value_counts()
    assert utc.to_dict() == want.to_dict()
    assert calls_view.workspace_timezone(con) == TIMEZONE
    with pytest.raises(calls_view.CallsError, match="not a time zone"):
        calls_view.calls(con, "hour", timezone="Mars/Olympus")
    with pytest.raises(calls_view.CallsError, match="Did you mean"):
        calls_view.calls(con, "campain")


def test_filters_narrow_the_calls_not_the_cost_shares(call_log):
    from journey_explorer.filters import parse_filters
    con, t = call_log
    got = calls_view.calls(con, "campaign", parse_filters(["attrs.device=mobile"]), costs=COSTS)
    mobile = con.execute("SELECT count(*) FROM touchpoints WHERE attrs->>'device' = 'mobile'").fetchall()[0][0]
    assert got["calls"].sum() == mobile < len(t)
    rows = con.execute("SELECT origin_row FROM touchpoints WHERE attrs->>'device' = 'mobile'").fetchall()
    kept = t[t["row"].isin([r[0] for r in rows])]
    assert got["cost"].sum() == pytest.approx(kept["cost"].sum())
