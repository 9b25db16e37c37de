"""A new user's first upload: five days (Mon 10 – Fri 14 Mar 2025) of a GA4 export and a call log
of a small shop, seeded. Used by the page tests and the browser screenshots of Journeys."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from pathlib import Path

START = dt.datetime(2025, 3, 10, 7, 0, tzinfo=dt.UTC)
DAYS = 5
END = START + dt.timedelta(days=DAYS - 1, hours=15)     # Friday 22:00: nothing on the weekend
GA4_HEADER = ["event_date", "event_timestamp", "event_name", "event_params", "user_pseudo_id", "user_id",
              "device.category", "geo.country"]
CALL_HEADER = ["Start Time", "Customer Phone Number", "Tracking Phone Number", "Duration (seconds)", "Answered",
               "First-Time Caller", "Source", "Medium", "Campaign", "Keywords", "Landing Page", "GCLID", "Value",
               "Device Type", "Customer City"]
ARRIVALS = [("google", "organic", ""), ("google", "cpc", "spring_sale"), ("facebook", "paid_social", "spring_sale"),
            ("", "", ""), ("newsletter", "email", "march_news"), ("bing", "cpc", "brand")]
PRODUCTS = ["trail-shoes", "rain-jacket", "day-pack", "camp-stove"]


def _params(**values) -> str:
    return json.dumps([{"key": k, "value": {"int_value" if isinstance(v, int) else "string_value": v}}
                       for k, v in values.items()])


def _visit(rng: random.Random, user: str, when: dt.datetime, first: bool, source) -> list[tuple]:
    """One session: the events a GA4 export has for it, in order."""
    src, medium, campaign = source
    query = f"?utm_source={src}&utm_medium={medium}" + (f"&utm_campaign={campaign}" if campaign else "") if src else ""
    pages = ["/"] + rng.sample(["/pricing", f"/products/{rng.choice(PRODUCTS)}", "/blog/packing-list", "/contact"],
                               rng.randint(1, 3))
    events = ([("first_visit", pages[0])] if first else []) + [("session_start", pages[0])]
    for page in pages:
        events.append(("page_view", page))
        if page.startswith("/products/") and rng.random() < 0.7:
            events.append(("view_item", page))
            if rng.random() < 0.45:
                events += [("add_to_cart", page), ("page_view", "/cart")]
                if rng.random() < 0.6:
                    events += [("begin_checkout", "/checkout"), ("page_view", "/checkout")]
                    if rng.random() < 0.65:
                        events += [("purchase", "/checkout/thank-you"), ("page_view", "/checkout/thank-you")]
        if page == "/contact" and rng.random() < 0.5:
            events.append(("generate_lead", page))
    rows, t, session = [], when, int(when.timestamp())
    for i, (name, page) in enumerate(events):
        t += dt.timedelta(seconds=rng.randint(5, 90))
        url = f"https://shop.example.com{page}{query if i == 0 else ''}"
        extra = {"form_phone": f"(415) 555-{rng.randint(1000, 9999)}"} if name == "generate_lead" else {}
        rows.append((t, name, _params(page_location=url, ga_session_id=session, **extra), user))
    return rows


def exports(customers: int = 400, seed: int = 15) -> dict[str, bytes]:
    """{"ga4_events.csv": …, "calls.csv": …} as a user would drop them."""
    rng = random.Random(seed)
    web, calls = [], []
    for c in range(customers):
        user, device = f"{rng.randint(10**8, 10**9)}.{1741590000 + c}", rng.choice(["mobile", "desktop"])
        when = START + dt.timedelta(minutes=rng.randint(0, (DAYS - 1) * 24 * 60 + 11 * 60))
        source = rng.choice(ARRIVALS)
        for visit in range(1 + (rng.random() < 0.35) + (rng.random() < 0.15)):
            rows = _visit(rng, user, when, visit == 0, source if visit == 0 else rng.choice(ARRIVALS))
            web += [(t, name, params, user, device) for t, name, params, _ in rows]
            when = min(rows[-1][0] + dt.timedelta(hours=rng.randint(2, 40)), END - dt.timedelta(hours=1))
            leads = [json.loads(p) for _, n, p, _ in rows if n == "generate_lead"]
            if leads and rng.random() < 0.6:
                phone = next(v["value"]["string_value"] for v in leads[0] if v["key"] == "form_phone")
                start = min(rows[-1][0] + dt.timedelta(minutes=rng.randint(5, 300)), END)
                answered = rng.random() < 0.75
                calls.append([f"{start:%Y-%m-%d %H:%M:%S}", phone, "(800) 555-0100", rng.randint(40, 600) if answered else 0,
                              str(answered).lower(), "true", source[0] or "(direct)", source[1] or "(none)", source[2],
                              "", "/contact", "", rng.choice(["", "80", "120"]) if answered else "", device, "Oakland"])
    web.sort()
    web_rows = [[f"{t:%Y%m%d}", str(int(t.timestamp() * 1_000_000)), name, params, user, "", device, "United States"]
                for t, name, params, user, device in web]
    return {"ga4_events.csv": _csv(GA4_HEADER, web_rows), "calls.csv": _csv(CALL_HEADER, sorted(calls))}


def _csv(header, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def write(folder: Path) -> list[Path]:
    paths = []
    for name, data in exports().items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    return paths
