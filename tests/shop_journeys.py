"""Generated shop journeys with obstacles planted in known weeks, written as an event-log export
(user_id, event, timestamp, session_id, device, utm_source, utm_medium) and loaded through the real
loader: the data the obstacles view, page and browser tests are checked on."""
from __future__ import annotations

import datetime as dt

import numpy as np
from helpers import write_csv

from journey_explorer import ingest, workspace

T0 = dt.datetime(2024, 1, 1)          # a Monday: week n starts T0 + 7n days
WEEKS = 26
DROP_WEEKS = range(8, 11)             # mobile customers at payment stop going on to purchase
LOOP_WEEKS = range(14, 17)            # customers at the cart go round cart → shipping → cart
STALL_WEEKS = range(18, 21)           # customers take ten times longer from shipping to their next step
MOBILE = "first.attrs.device=mobile"
HEADER = ["user_id", "event", "timestamp", "session_id", "device", "utm_source", "utm_medium"]
SOURCES = [("google", "cpc"), ("(direct)", "(none)"), ("newsletter", "email")]


def journey(rng, week: int, mobile: bool, drop=False, loop=False, error=False, mobile_loop=False, **_) -> list[str]:
    """home → product → cart → shipping → payment → purchase, leaving at any step. mobile_loop:
    mobile customers go round cart → shipping → cart all the time."""
    steps = ["home"]
    for nxt, p in (("product", 0.8), ("cart", 0.6)):
        if rng.random() > p:
            return steps
        steps.append(nxt)
    if rng.random() < 0.03:                                   # a few always look again
        steps += ["product", "cart"]
    if (loop and week in LOOP_WEEKS and rng.random() < 0.6) or (mobile_loop and mobile and rng.random() < 0.4):
        steps += ["shipping", "cart"] * (2 if rng.random() < 0.3 else 1)
    for nxt, p in (("shipping", 0.8), ("payment", 0.8)):
        if rng.random() > p:
            return steps
        steps.append(nxt)
    if error and rng.random() < 0.08:
        steps.append("payment_error")
        if rng.random() < 0.85:
            return steps
        steps.append("payment")
    buys = 0.08 if drop and mobile and week in DROP_WEEKS else 0.5
    return steps + ["purchase"] if rng.random() < buys else steps


def shop_events(seed: int, customers: int = 6000, **planted) -> list:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(customers):
        start = T0 + dt.timedelta(seconds=float(rng.uniform(0, WEEKS * 7 * 86400)))
        week = (start - T0).days // 7
        mobile = rng.random() < 0.6
        source, medium = SOURCES[rng.choice(3, p=[0.5, 0.3, 0.2])]
        at, previous = start, None
        for j, step in enumerate(journey(rng, week, mobile, **planted)):
            slow = planted.get("stall") and previous == "shipping" and week in STALL_WEEKS
            at += dt.timedelta(seconds=float(rng.lognormal(np.log(40), 0.5)) * (10 if slow else 1))
            previous = step
            rows.append([f"u{i:05d}", step, at.strftime("%Y-%m-%dT%H:%M:%SZ"), f"s{i}",
                         "mobile" if mobile else "desktop", source if j == 0 else "", medium if j == 0 else ""])
    return rows


def shop_file(folder, seed: int, **planted):
    """The event log of shop_events as a CSV file in folder."""
    return write_csv(folder / "shop_events.csv", HEADER, shop_events(seed, **planted))


def shop_workspace(folder, seed: int, **planted):
    path = shop_file(folder, seed, **planted)
    con = workspace.connect(folder / "workspace.duckdb")
    ingest.load_files(con, [path])
    return con
