"""The demo generator: seeded, scalable, real export shapes, and a story whose numbers hold."""
from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from journey_explorer import demo, workspace
from journey_explorer.demo import behaviour, simulate, story
from journey_explorer.views import obstacles

SAMPLE_DATA = Path(__file__).resolve().parents[2] / "sample_data"
HEADERS = {
    "web": ["event_date", "event_timestamp", "event_name", "event_params", "user_pseudo_id", "user_id",
            "device.category", "device.operating_system", "geo.country", "geo.city", "traffic_source.source",
            "traffic_source.medium", "traffic_source.name", "ecommerce.purchase_revenue"],
    "calls": ["Start Time", "Customer Phone Number", "Tracking Phone Number", "Duration (seconds)", "Answered",
              "First-Time Caller", "Source", "Medium", "Campaign", "Keywords", "Landing Page", "GCLID", "Value",
              "Device Type", "Customer City"],
    "emails": ["Email Address", "Action", "Timestamp", "Campaign Title", "URL"],
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> dict[str, Path]:
    """The demo data as write_sample_data() writes it with its defaults."""
    return demo.write_sample_data(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def frames(sample) -> dict[str, pd.DataFrame]:
    return {kind: pd.read_csv(path, dtype=str, keep_default_na=False) for kind, path in sample.items()}


def test_same_seed_gives_the_same_bytes(tmp_path):
    first = demo.write_events(tmp_path / "a", 20_000, seed=3)
    again = demo.write_events(tmp_path / "b", 20_000, seed=3)
    other = demo.write_events(tmp_path / "c", 20_000, seed=4)
    for kind in demo.FILES:
        assert first[kind].read_bytes() == again[kind].read_bytes(), kind
        assert first[kind].read_bytes() != other[kind].read_bytes(), kind


@pytest.mark.parametrize("n_events", [5_000, 20_000])
def test_write_events_scales_the_row_count(tmp_path, n_events):
    paths = demo.write_events(tmp_path, n_events)
    rows = sum(_duckdb_rows(path) for path in paths.values())
    assert abs(rows / n_events - 1) <= 0.05, rows


def test_files_parse_with_duckdb_and_carry_the_exact_headers(sample):
    assert set(sample) == {"web", "calls", "emails"}
    assert [p.name for p in sample.values()] == ["web_events.csv.gz", "calls.csv", "emails.csv"]
    for kind, path in sample.items():
        columns = duckdb.execute("SELECT * FROM read_csv($path, header = true, all_varchar = true)",
                                 {"path": str(path)}).description
        columns = [c[0] for c in columns]
        assert columns == HEADERS[kind]
        # Strict parsing: every row splits into exactly the header's columns.
        assert _duckdb_rows(path) == len(pd.read_csv(path, dtype=str)) > 100


def test_shipped_sample_data_is_what_the_generator_writes(sample):
    for kind, path in sample.items():
        shipped = SAMPLE_DATA / path.name
        assert shipped.read_bytes() == path.read_bytes(), (
            f"sample_data/{path.name} is stale: run "
            "python -c 'from journey_explorer.demo import write_sample_data as w; w(\"sample_data\")'")
    assert sum((SAMPLE_DATA / p.name).stat().st_size for p in sample.values()) <= 5_000_000


def test_web_events_are_shaped_like_a_ga4_export(frames):
    web = frames["web"]
    assert set(web["event_name"]) == set(demo.EVENTS)
    assert web["event_date"].str.fullmatch(r"20(23|24|25)\d{4}").all()
    assert web["event_timestamp"].str.fullmatch(r"1[67]\d{14}").all()          # µs since the epoch
    assert (pd.to_datetime(web["event_timestamp"].astype("int64"), unit="us").dt.strftime("%Y%m%d")
            == web["event_date"]).all()
    assert web["user_pseudo_id"].str.fullmatch(r"1\d{9}\.1[67]\d{8}").all()
    assert web["user_id"].str.fullmatch(r"(u_\d{6,})?").all() and (web["user_id"] != "").any()
    assert set(web["device.category"]) == {"mobile", "desktop", "tablet"}
    assert web["geo.country"].value_counts(normalize=True)["United States"] > 0.75
    purchase = web["event_name"] == "purchase"
    assert (web.loc[purchase, "ecommerce.purchase_revenue"] != "").all()
    assert (web.loc[~purchase, "ecommerce.purchase_revenue"] == "").all()
    rows = web[["event_name", "event_params", "ecommerce.purchase_revenue"]].sample(3000, random_state=1)
    for name, text, revenue in rows.itertuples(index=False, name=None):
        params = {p["key"]: next(iter(p["value"].values())) for p in json.loads(text)}
        assert all(set(p) == {"key", "value"} and len(p["value"]) == 1 for p in json.loads(text))
        assert {"page_location", "ga_session_id", "source", "medium", "campaign"} <= set(params)
        assert isinstance(params["ga_session_id"], int)
        assert params["page_location"].startswith("https://www.northwind-outdoor.com/")
        if name == "purchase":
            assert params["currency"] == "USD" and params["value"] == float(revenue)
        if name == "generate_lead":
            assert "@" in params["form_email"]
        if params["medium"] == "cpc":
            assert "term" in params
    landing = web["event_params"].str.extract(r'page_location","value":\{"string_value":"([^"]+)')[0]
    google_cpc = web["event_params"].str.contains('"source","value":{"string_value":"google"}},'
                                                  '{"key":"medium","value":{"string_value":"cpc"', regex=False)
    assert landing[google_cpc & (web["event_name"] == "session_start")].str.contains("gclid=Cj0KCQ").all()


def test_calls_and_emails_are_shaped_like_their_tools(frames):
    calls, emails = frames["calls"], frames["emails"]
    start = pd.to_datetime(calls["Start Time"], format="%m/%d/%Y %H:%M")
    assert (start.dt.day > 12).any() and start.is_monotonic_increasing
    phones = calls["Customer Phone Number"]
    for shape in [r"\(\d{3}\) \d{3}-\d{4}", r"\+1 \d{3}-\d{3}-\d{4}", r"\d{3}\.\d{3}\.\d{4}"]:
        assert phones.str.fullmatch(shape).any(), shape
    assert set(calls["Answered"]) == set(calls["First-Time Caller"]) == {"true", "false"}
    assert calls["Value"].str.fullmatch(r"(\d+\.\d\d)?").all()
    assert set(calls["Device Type"]) == {"mobile", "desktop"}
    assert (calls.loc[calls["GCLID"] != "", "Medium"] == "cpc").all()
    assert set(emails["Action"]) == {"open", "click", "bounce", "unsubscribe"}
    assert emails["Timestamp"].str.fullmatch(r"20\d\d-\d\d-\d\d \d\d:\d\d:\d\d UTC").all()
    clicks = emails["Action"] == "click"
    tagged = r"utm_source=newsletter&utm_medium=email&utm_campaign=\w+"
    assert emails.loc[clicks, "URL"].str.contains(tagged).all()
    assert (emails.loc[~clicks, "URL"] == "").all()
    address = emails["Email Address"]
    assert address.str.strip().str.lower().str.fullmatch(r"[a-z_.]+\d*@(mail\.)?example\.(com|org|net)").all()
    assert (address != address.str.strip()).any()                             # stray spaces
    assert (address.str.strip() != address.str.strip().str.lower()).any()    # other case


def test_identifiers_never_collide_between_customers():
    sim = simulate._simulate(30_000, 5, demo.START, demo.END)
    customers = sim.customers
    assert len(set(customers["email"])) == len(customers["email"])
    phones = customers["phone"][customers["phone"] > 0]
    assert len(set(phones)) == len(phones)
    assert len(set(customers["user_no"])) == len(customers["user_no"])
    assert len(set(sim.sessions["gclids"])) == len(sim.sessions["gclids"])


def test_the_story_holds(frames):
    web, calls, emails = frames["web"], frames["calls"], frames["emails"]
    story = _stitch(web, calls, emails)
    # Interactions roughly triple from 2023 to 2025, with a holiday peak and a summer dip.
    stamp = pd.concat([pd.to_datetime(web["event_date"], format="%Y%m%d"),
                       pd.to_datetime(calls["Start Time"], format="%m/%d/%Y %H:%M"),
                       pd.to_datetime(emails["Timestamp"], format="%Y-%m-%d %H:%M:%S UTC")])
    years = stamp.dt.year.value_counts()
    assert 2.5 <= years[2025] / years[2023] <= 3.5
    months = stamp.dt.to_period("M").value_counts().sort_index()
    for year in (2023, 2024, 2025):
        m = {p.month: v for p, v in months.items() if p.year == year}
        assert m[12] > m[11] > max(m[k] for k in range(1, 11)), year
        assert m[7] < m[5] and m[7] < m[9], year
    # About a quarter of customers call, 35–50% are on the list, and many appear in 2+ kinds.
    assert 0.2 <= story["callers"] <= 0.3
    assert 0.35 <= story["subscribers"] <= 0.5
    assert story["two_or_more_kinds"] >= 0.3
    assert 2 <= story["conversion_callers"] / story["conversion_web_only"] <= 4
    # Most who see pricing go no further; a good share abandon checkout.
    assert story["pricing_to_cart"] < 0.4
    assert 0.3 <= story["checkout_to_purchase"] <= 0.75
    # More mobile sessions, but mobile converts worse.
    assert story["sessions"]["mobile"] > story["sessions"]["desktop"]
    assert story["conversion"]["mobile"] < 0.75 * story["conversion"]["desktop"]
    media = set(_param(web, "medium"))
    assert {"organic", "cpc", "paid_social", "email", "referral", "(none)", "display"} <= media
    assert {"google", "bing", "facebook", "instagram", "newsletter"} <= set(_param(web, "source"))
    assert {"spring_sale", "black_friday", "brand_search"} <= set(_param(web, "campaign"))
    assert {"hiking boots", "waterproof jacket"} <= set(_param(web, "term").dropna())


def _stitch(web: pd.DataFrame, calls: pd.DataFrame, emails: pd.DataFrame) -> dict:
    """The story's numbers, joining the files the way the app does: browsers by user id, calls by
    the phone on a web form or the gclid, email by the address on a web form."""
    web = web.assign(email=_param(web, "form_email").str.strip().str.lower(),
                     phone=_digits(_param(web, "form_phone")),
                     gclid=_param(web, "page_location").str.extract(r"gclid=([\w-]+)")[0],
                     session=web["user_pseudo_id"] + "/" + _param(web, "ga_session_id"),
                     path=_param(web, "page_location").str.extract(r"https://[^/]+([^?]*)")[0])
    signed_in = web[web["user_id"] != ""].groupby("user_pseudo_id")["user_id"].first()
    web["customer"] = web["user_pseudo_id"].map(signed_in).fillna(web["user_pseudo_id"])
    call_phones, call_gclids = set(_digits(calls["Customer Phone Number"])), set(calls["GCLID"]) - {""}
    addresses = set(emails["Email Address"].str.strip().str.lower())
    customer = pd.DataFrame({
        "purchase": web["event_name"] == "purchase",
        "call": web["phone"].isin(call_phones) | web["gclid"].isin(call_gclids),
        "email": web["email"].isin(addresses)}).groupby(web["customer"]).any()
    call_only = len(call_phones - set(web["phone"].dropna()))
    email_only = len(addresses - set(web["email"].dropna()))
    total = len(customer) + call_only + email_only
    web_only = ~customer["call"] & ~customer["email"]
    steps = {e: web["event_name"] == e for e in ("add_to_cart", "begin_checkout", "purchase")}
    session = pd.DataFrame({"pricing": web["path"] == "/pricing", **steps}).groupby(web["session"]).any()
    session["device"] = web.groupby("session")["device.category"].first()
    return {
        "callers": len(call_phones) / total, "subscribers": len(addresses) / total,
        "two_or_more_kinds": (customer["call"] | customer["email"]).sum() / total,
        "conversion_callers": customer.loc[customer["call"], "purchase"].mean(),
        "conversion_web_only": customer.loc[web_only, "purchase"].mean(),
        "pricing_to_cart": (session["pricing"] & session["add_to_cart"]).sum() / session["pricing"].sum(),
        "checkout_to_purchase": session["purchase"].sum() / session["begin_checkout"].sum(),
        "sessions": session["device"].value_counts(),
        "conversion": session.groupby("device")["purchase"].mean(),
    }


def _param(web: pd.DataFrame, key: str) -> pd.Series:
    """One GA4 event parameter's value (string, int or double) from every row's event_params."""
    pattern = r'"key":"%s","value":\{"\w+_value":"?([^"}]*)' % re.escape(key)
    return web["event_params"].str.extract(pattern)[0]


def _digits(phones: pd.Series) -> pd.Series:
    digits = phones.str.replace(r"\D", "", regex=True)
    return digits.where(digits.str.len() != 11, digits.str[1:])


def _duckdb_rows(path: Path) -> int:
    """Data rows as DuckDB reads them, failing on any row that does not fit the header."""
    return duckdb.execute("SELECT count(*) FROM read_csv($path, header = true, all_varchar = true, "
                          "strict_mode = true)", {"path": str(path)}).fetchall()[0][0]


def test_the_planted_payment_failures_hit_only_phones_in_the_broken_days():
    sim = simulate._simulate(4000, 7, demo.START, demo.END)
    web, s = sim.web, sim.sessions
    lo, hi = (story.epoch(day) * 1_000_000 for day in story.BROKEN_PAYMENT)
    session = web["sess"]
    phone = sim.customers["device"][s["cust"], s["browser"]][session] == behaviour.MOBILE
    inside = (web["t"] >= lo) & (web["t"] < hi)
    failed = web["code"] == simulate.PAYMENT_FAILED
    assert failed.sum() >= 15 and (phone & inside)[failed].all()
    bought = web["code"] == simulate.PURCHASE
    checked_out = np.isin(session[failed], session[web["code"] == simulate.EVENTS.index("begin_checkout")])
    assert checked_out.all() and not np.isin(session[failed], session[bought]).any()
    # Phones in those days bought no more than the share the broken form let through.
    kept = (bought & phone & inside).sum()
    assert kept <= (1 - story.BROKEN_PAYMENT_FAILS) * (kept + failed.sum()) + 2
    assert (bought & phone & ~inside).sum() > 100          # elsewhere phones still buy


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory):
    """The demo workspace as `journey-explorer demo` builds it from the shipped sample data."""
    path = workspace.build_demo(tmp_path_factory.mktemp("demo_ws") / "demo.duckdb")
    con = workspace.connect(path, read_only=True)
    yield con
    con.close()


@pytest.mark.parametrize("period", ["month", "week"])
def test_the_planted_obstacle_is_the_top_finding_and_the_only_problem(demo_workspace, period):
    findings = obstacles.obstacles(demo_workspace, period)
    first, last = (pd.Timestamp(day) for day in story.BROKEN_PAYMENT)
    last -= pd.Timedelta(days=1)
    top = findings.iloc[0]
    assert (top["kind"], top["step"], top["segment"]) == ("drop", "begin_checkout", "first.attrs.device=mobile")
    start, end = pd.Timestamp(top["period_start"]), pd.Timestamp(top["period_end"])
    # Weeks start on Mondays: the run is the weeks that lie in the broken days.
    assert first <= start <= first + pd.Timedelta(days=6) and last - pd.Timedelta(days=6) <= end <= last
    assert top["rate"] < 0.25 * top["baseline_rate"] and top["p_value"] <= 0.05
    assert "mobile" in top["summary"] and "begin_checkout" in top["summary"] and "2025" in top["summary"]
    # Anything else found is the same broken form seen in a narrower segment, never a false alarm.
    for _, other in findings.iloc[1:].iterrows():
        assert other["step"] in ("begin_checkout", "payment_failed"), other["summary"]
        assert other["lost_customers"] <= top["lost_customers"]
        assert first <= pd.Timestamp(other["period_start"]) and pd.Timestamp(other["period_end"]) <= last
