"""Seeded demo exports: GA4 web events, a CallRail-style call log and Mailchimp-style email activity.

One simulation (numpy, vectorised over customers, visits and events) feeds three writers that
format the rows with Arrow compute kernels, a chunk at a time on two threads. The story's numbers,
cast and customer behaviour live in demo_story.py. A seed gives the same bytes every time. All
timestamps are UTC, so a call placed after a visit also comes after it in the stitched journey.
"""
from __future__ import annotations

import base64
import zlib
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import demo_story as S
from .demo_story import (ACQUIRED, AFTER_CALL, DAY, DESKTOP, FROM_EMAIL, MOBILE, campaign_calendar,
                         epoch, permute, pick)

START, END = "2023-01-01", "2025-12-31"
FILES = {"web": "web_events.csv.gz", "calls": "calls.csv", "emails": "emails.csv"}
EVENTS = ["first_visit", "session_start", "page_view", "view_item", "add_to_cart", "begin_checkout",
          "purchase", "generate_lead", "sign_up"]
LEAD, SIGN_UP, PURCHASE = EVENTS.index("generate_lead"), EVENTS.index("sign_up"), EVENTS.index("purchase")
ACTIONS = ["open", "click", "bounce", "unsubscribe"]
FORMS = ["newsletter", "contact"]                 # a visit's form code minus one
ROWS_PER_CUSTOMER = 19.9                          # a first guess; write_events measures and corrects
CHUNK = 100_000                                   # rows formatted (and compressed) at a time

PAIRS = [(src, med) for ch in S.CHANNELS for src, med, _ in ch[1]]       # (source, medium)
PAIR_CHANNEL = np.array([i for i, ch in enumerate(S.CHANNELS) for _ in ch[1]])
PAIR_TAGGED = np.array([S.CHANNELS[ch][5] for ch in PAIR_CHANNEL])     # utm parameters on the landing url
PAIR_REFERRER = [S.REFERRERS[src] if S.CHANNEL_NAMES[ch] in ("Organic Search", "Paid Social", "Referral")
                 else None for (src, _), ch in zip(PAIRS, PAIR_CHANNEL)]
STATIC_CAMPAIGNS = sorted({c for ch in S.CHANNELS for c in ch[3]} | set(S.SEASONAL_CAMPAIGN))
TERMS = [term for terms in S.SEARCH_TERMS.values() for term in terms]
_FIRST_TERM = dict(zip(S.SEARCH_TERMS, np.cumsum([0] + [len(t) for t in S.SEARCH_TERMS.values()])))
_NONBRAND = len(TERMS) - len(S.SEARCH_TERMS["brand_search"])           # brand terms come last
TERM_FROM = np.array([_FIRST_TERM.get(c, 0) for c in STATIC_CAMPAIGNS])  # each campaign's keywords
TERM_COUNT = np.array([len(S.SEARCH_TERMS.get(c, TERMS[:_NONBRAND])) for c in STATIC_CAMPAIGNS])
TERMS_URL = [term.replace(" ", "+") for term in TERMS]


@dataclass
class Sim:
    customers: dict
    sessions: dict
    web: dict
    calls: dict
    emails: dict
    campaigns: list      # static campaigns, then one per email send
    titles: list         # email campaign titles, one per send

    @property
    def rows(self) -> int:
        return len(self.web["t"]) + len(self.calls["t"]) + len(self.emails["t"])


def write_sample_data(out_dir, seed: int = 7, customers: int = 4000, start: str = START,
                      end: str = END) -> dict[str, Path]:
    """The demo's three exports, written into out_dir. `customers` counts everyone simulated,
    including those who arrived in the year before `start` (some come back, some are on the list)."""
    return _write(Path(out_dir), _simulate(customers, seed, start, end))


def write_events(out_dir, n_events: int, seed: int = 11) -> dict[str, Path]:
    """The same three exports with n_events rows in total (within ±5%)."""
    customers = max(1, round(n_events / ROWS_PER_CUSTOMER))
    for _ in range(6):  # rows per customer vary from draw to draw; rescale until close
        sim = _simulate(customers, seed, START, END)
        if abs(sim.rows / n_events - 1) <= 0.025:
            break
        customers = max(1, round(customers * n_events / max(sim.rows, 1)))
    return _write(Path(out_dir), sim)


# ---------------------------------------------------------------- simulation

def _simulate(n: int, seed: int, start: str, end: str) -> Sim:
    rng = np.random.default_rng(seed)
    t0, t1 = epoch(start), epoch(end) + DAY
    warm = t0 - S.WARM_UP_DAYS * DAY     # the shop had customers and a list before the exports start
    cal = campaign_calendar(warm, t1)
    c = S.customers(rng, n, warm, t1)
    base, visits = S.base_sessions(rng, c)
    calls, form_sessions, after_call = S.calls(rng, c, base, visits)
    mail, newsletter_sessions, clicks = S.mail(rng, c, base, visits, cal, len(STATIC_CAMPAIGNS))
    base["form"][(rng.random(len(base["t"])) < S.CONTACT_FORM_SHARE) & ~c["caller"][base["cust"]]] = 2
    base["form"][newsletter_sessions] = 1
    base["form"][form_sessions] = 2       # the contact form carries the email address too
    s = _sessions(rng, c, [base, after_call, clicks], t1)
    calls["session"] = _new_positions(s["base"], len(base["t"]))[calls.pop("anchor")]
    web = _web_events(rng, c, s)
    return Sim(c, s, _window(web, web["t"] // 1_000_000, t0, t1), _window(calls, calls["t"], t0, t1),
               _window(mail, mail["t"], t0, t1), STATIC_CAMPAIGNS + cal["slug"], cal["title"])


def _sessions(rng, c, parts, t1: int) -> dict:
    """All visits in customer and time order, with traffic source, landing page and funnel depth."""
    s = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    s["base"] = np.concatenate([np.arange(len(parts[0]["t"]))] + [np.full(len(p["t"]), -1) for p in parts[1:]])
    s = _take(s, s["t"] < t1)
    s = _take(s, np.lexsort((s["t"], s["cust"])))
    n = len(s["t"])
    s["pair"], s["term"] = np.zeros(n, np.int64), np.full(n, -1)
    month = s["t"].astype("datetime64[s]").astype("datetime64[M]").astype(int) % 12
    for ch, (_, sources, _, evergreen, seasonal, _) in enumerate(S.CHANNELS):
        here = np.flatnonzero(s["channel"] == ch)
        first_pair = np.flatnonzero(PAIR_CHANNEL == ch)[0]
        s["pair"][here] = first_pair + pick(rng, [w for *_, w in sources], len(here))
        todo = here[s["camp"][here] < 0]
        codes = np.array([STATIC_CAMPAIGNS.index(x) for x in evergreen] or [-1])
        camp = codes[rng.integers(0, len(codes), len(todo))]
        if seasonal:       # paid channels also run the season's promotion
            promo = np.array([STATIC_CAMPAIGNS.index(x) for x in S.SEASONAL_CAMPAIGN])[month[todo]]
            camp = np.where(rng.random(len(todo)) < S.SEASONAL_SHARE, promo, camp)
        s["camp"][todo] = camp
        todo = here[s["page"][here] < 0]
        s["page"][todo] = S.landing(rng, ch, len(todo))
    paid = np.flatnonzero(s["channel"] == S.PAID_SEARCH)
    camp = s["camp"][paid]
    s["term"][paid] = TERM_FROM[camp] + (rng.random(len(paid)) * TERM_COUNT[camp]).astype(np.int64)
    google_cpc = np.flatnonzero(s["pair"] == PAIRS.index(("google", "cpc")))
    s["gclid"] = np.full(n, -1)
    s["gclid"][google_cpc] = np.arange(len(google_cpc))
    raw = np.frombuffer(base64.urlsafe_b64encode(rng.bytes(18 * len(google_cpc))), dtype="S24")
    s["gclids"] = np.strings.add("Cj0KCQiA", raw.astype("U24"))
    browser = s["cust"] * 2 + s["browser"]
    first = np.unique(browser, return_index=True)[1]
    s["first_visit"] = np.zeros(n, bool)
    s["first_visit"][first] = True
    s["browser_first"] = np.full(2 * len(c["t"]), -1)   # GA4's traffic_source: the browser's first visit
    s["browser_first"][browser[first]] = first
    s["depth"] = _funnel(rng, c, s)
    return s


def _funnel(rng, c, s):
    """How far each visit goes down product → pricing → cart → checkout → purchase."""
    p = np.tile(S.FUNNEL, (len(s["t"]), 1))
    page = s["page"]
    from_blog = np.where(page >= S.FIRST_BLOG, S.FUNNEL_FROM_BLOG, p[:, 0])
    p[:, 0] = np.where(page >= S.FIRST_PRODUCT, 1.0, from_blog)     # a product landing is a product view
    lifts = [(c["device"][s["cust"], s["browser"]] == MOBILE, "mobile"), (c["caller"][s["cust"]], "caller"),
             (s["kind"] == AFTER_CALL, "after_call"), (s["kind"] == FROM_EMAIL, "email")]
    for mask, name in lifts:
        p[mask] *= S.FUNNEL_LIFT[name]
    return np.cumprod(rng.random(p.shape) < np.minimum(p, 0.97), axis=1).sum(axis=1)


def _web_events(rng, c, s) -> dict:
    """Every visit's GA4 events, and whether the customer had signed up by then."""
    n, depth, page, cust = len(s["t"]), s["depth"], s["page"], s["cust"]
    on_product, on_blog = page >= S.FIRST_PRODUCT, (page >= S.FIRST_BLOG) & (page < S.FIRST_PRODUCT)
    checkout = np.flatnonzero(depth >= 4)
    at_checkout = checkout[np.unique(cust[checkout], return_index=True)[1]]
    at_checkout = at_checkout[c["account"][cust[at_checkout]] < S.ACCOUNT_AT_CHECKOUT]
    signup = np.zeros(n, bool)
    signup[at_checkout] = True
    has_account = np.zeros(len(c["t"]), bool)
    has_account[cust[at_checkout]] = True
    signup |= (s["kind"] == ACQUIRED) & (c["account"][cust] > 1 - S.ACCOUNT_WITHOUT_ORDER) & ~has_account[cust]
    second_blog = on_blog & (rng.random(n) < S.SECOND_BLOG_PAGE)
    another_blog = S.FIRST_BLOG + rng.integers(0, len(S.BLOG), n)
    steps = [  # (visits, events, page, on the landing page): a visit's events in order
        (s["first_visit"], [0], page, True), (None, [1], page, True), (None, [2], page, True),
        (on_product, [3], page, True), (s["form"] == 1, [LEAD], page, False),
        (second_blog, [2], another_blog, False),
        ((depth >= 1) & ~on_product, [2, 3], S.product(rng, n), False), (depth >= 2, [2], S.PRICING, False),
        (s["form"] == 2, [2, LEAD], S.CONTACT, False), (depth >= 3, [2, 4], S.CART, False),
        (signup, [2, SIGN_UP], S.ACCOUNT, False), (depth >= 4, [2, 5], S.CHECKOUT, False),
        (depth >= 5, [2, PURCHASE], S.THANK_YOU, False)]
    counts, plan = np.zeros(n, np.int64), []
    for mask, events, where, landing in steps:
        present = np.ones(n, bool) if mask is None else mask
        plan.append((np.flatnonzero(present), counts.copy(), events, where, landing))
        counts += present * len(events)
    first, total = S.starts(counts), counts.sum()
    e = dict(sess=np.repeat(np.arange(n), counts), code=np.empty(total, np.int8),
             page=np.empty(total, np.int16), landing=np.empty(total, bool))
    gap = np.empty(total, np.int64)
    for idx, offset, events, where, landing in plan:   # each event straight to its place: no sort
        pos, at = first[idx] + offset[idx], np.broadcast_to(where, (n,))[idx]
        for j, code in enumerate(events):
            e["code"][pos + j], e["page"][pos + j], e["landing"][pos + j] = code, at, landing
            if j > 0:      # the ecommerce event fires a moment after its page view
                gap[pos + j] = rng.integers(500_000, 3_000_000, len(idx))
            else:
                gap[pos] = 1000 if landing else rng.lognormal(*S.DWELL_SECONDS, len(idx)) * 1e6
    elapsed = np.cumsum(gap)
    elapsed -= np.repeat(elapsed[first], counts)
    e["t"] = np.repeat(s["t"] * 1_000_000 + rng.integers(0, 1_000_000, n), counts) + elapsed
    e["value"] = np.full(total, np.nan)
    bought, lead = np.flatnonzero(e["code"] == PURCHASE), np.flatnonzero(e["code"] == LEAD)
    e["value"][bought] = np.round(rng.lognormal(*S.ORDER_VALUE, len(bought)), 2)
    e["variant"] = np.zeros(total, np.int8)       # how a form was typed: address case, phone format
    e["variant"][lead] = rng.integers(0, 4, len(lead))
    e_cust, signed_up = cust[e["sess"]], e["code"] == SIGN_UP
    since = np.full(len(c["t"]), np.iinfo(np.int64).max)
    np.minimum.at(since, e_cust[signed_up], e["t"][signed_up])
    e["signed"] = e["t"] >= since[e_cust]
    return e


def _take(d: dict, idx) -> dict:
    return {k: v[idx] for k, v in d.items()}


def _window(d: dict, t, t0: int, t1: int) -> dict:
    """The rows with t0 <= t < t1, in time order."""
    keep = np.flatnonzero((t >= t0) & (t < t1))
    return _take(d, keep[np.argsort(t[keep], kind="stable")])


def _new_positions(base_ids, n_base):
    pos = np.full(n_base + 1, -1)     # the extra slot keeps -1 for anchors that fell after the end
    kept = base_ids >= 0
    pos[base_ids[kept]] = np.flatnonzero(kept)
    return pos


# ---------------------------------------------------------------- writers

WEB_HEADER = ("event_date,event_timestamp,event_name,event_params,user_pseudo_id,user_id,device.category,"
              "device.operating_system,geo.country,geo.city,traffic_source.source,traffic_source.medium,"
              "traffic_source.name,ecommerce.purchase_revenue\n")
CALLS_HEADER = ("Start Time,Customer Phone Number,Tracking Phone Number,Duration (seconds),Answered,"
                "First-Time Caller,Source,Medium,Campaign,Keywords,Landing Page,GCLID,Value,Device Type,"
                "Customer City\n")
EMAILS_HEADER = "Email Address,Action,Timestamp,Campaign Title,URL\n"
SOURCES, MEDIA = [p[0] for p in PAIRS], [p[1] for p in PAIRS]
CITIES = [c[1] for c in S.CITIES]
TRACKING = [S.TRACKING_NUMBERS.get(f"{src}/{med}", S.TRACKING_NUMBERS[""]) for src, med in PAIRS]


def _write(out: Path, sim: Sim) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {kind: out / name for kind, name in FILES.items()}
    # Names that end up in CSV fields, quoted where a comma or quote needs it.
    names = dict(campaigns=_csv(sim.campaigns), titles=_csv(sim.titles), email=pa.array(sim.customers["email"]),
                 typed=pa.array(sim.customers["typed"]), gclids=pa.array(sim.sessions["gclids"], pa.string()))
    level = 9 if len(sim.web["t"]) <= 250_000 else 1      # the shipped sample stays small, big runs fast
    for kind, header, lines in [("web", WEB_HEADER, _web_lines), ("calls", CALLS_HEADER, _call_lines),
                                ("emails", EMAILS_HEADER, _email_lines)]:
        _write_lines(paths[kind], header, len(getattr(sim, kind)["t"]),
                     lambda rows, lines=lines: lines(sim, names, rows), level if kind == "web" else None)
    return paths


def _write_lines(path: Path, header: str, n: int, lines, level: int | None = None) -> None:
    """The header, then lines(rows) chunk by chunk, formatted (and gzip-compressed, one gzip member
    per chunk) on two threads and written in order."""
    def chunk(lo: int) -> list:
        parts = [header.encode()] if lo == 0 else []
        parts.append(_text(lines(slice(lo, lo + CHUNK))))
        if level is None:
            return parts
        packer = zlib.compressobj(level, zlib.DEFLATED, 31)     # wbits 31: a gzip member with mtime 0
        return [packer.compress(part) for part in parts] + [packer.flush()]

    with open(path, "wb") as out, ThreadPoolExecutor(max_workers=2) as pool:
        pending = deque()
        for lo in range(0, max(n, 1), CHUNK):
            pending.append(pool.submit(chunk, lo))
            while len(pending) > 3:
                out.writelines(pending.popleft().result())
        for job in pending:
            out.writelines(job.result())


def _web_lines(sim: Sim, names: dict, rows: slice) -> pa.Array:
    """GA4 export rows; event_params is a JSON array in one quoted field (its quotes doubled)."""
    c, s = sim.customers, sim.sessions
    e = {k: v[rows] for k, v in sim.web.items()}
    si, landing = e["sess"], e["landing"]
    ci, browser, pair = s["cust"][si], s["browser"][si], s["pair"][si]
    first = s["browser_first"][ci * 2 + browser]
    lead = e["code"] == LEAD
    form = np.where(lead, s["form"][si] - 1, -1)
    # A quarter of the people filling in a form type their address capitalised.
    who = pa.array(ci, mask=~lead)
    address = pc.if_else(e["variant"] < 1, names["typed"].take(who), names["email"].take(who))
    phone = np.where(form == 1, c["phone"][ci], 0)
    params = [
        _param("page_location", _location(sim, names, si, e["page"], landing), first=True),
        _param("page_referrer", _names(np.where(landing, pair, -1), PAIR_REFERRER)),
        _param("ga_session_id", _str(s["t"][si]), "int_value"), _param("source", _names(pair, SOURCES)),
        _param("medium", _names(pair, MEDIA)), _param("campaign", _names(s["camp"][si], names["campaigns"])),
        _param("term", _names(s["term"][si], TERMS)), _param("value", _str(e["value"]), "double_value"),
        _param("currency", _names(np.where(e["code"] == PURCHASE, 0, -1), ["USD"])),
        _param("form_name", _names(form, FORMS)), _param("form_email", address),
        _param("form_phone", _wrap(_names(e["variant"] % 2, ["", "+1"]), _str(phone, phone == 0)))]
    user = _wrap("u_", pc.utf8_lpad(_str(c["user_no"][ci], ~e["signed"]), width=6, padding="0"))
    return _join(_str(_yyyymmdd(e["t"] // 1_000_000)), ",", _str(e["t"]), ",", _names(e["code"], EVENTS), ',"[',
                 *params, ']",', _str(1_000_000_000 + permute(ci * 2 + browser, 900_000_000)), ".",
                 _str(s["t"][first]), ",", user, ",", _names(c["device"][ci, browser], S.DEVICES), ",",
                 _names(c["os"][ci, browser], S.OPERATING_SYSTEMS), ",", _names(c["country"][ci], S.COUNTRIES),
                 ",", _names(c["city"][ci], CITIES), ",", _names(s["pair"][first], SOURCES), ",",
                 _names(s["pair"][first], MEDIA), ",", _names(s["camp"][first], names["campaigns"]), ",",
                 _str(e["value"]), "\n")


def _call_lines(sim: Sim, names: dict, rows: slice) -> pa.Array:
    c, s = sim.customers, sim.sessions
    k = {key: v[rows] for key, v in sim.calls.items()}
    si, ci = k["session"], k["cust"]
    pair, phone = s["pair"][si], c["phone"][ci]
    area, exchange, line = _str(phone // 10**7), _str(phone // 10**4 % 1000), _str(phone % 10**4 + 10**4)
    line = pc.utf8_slice_codeunits(line, 1)          # the last four digits, leading zeros kept
    shapes = [_join("(", area, ") ", exchange, "-", line), _join("+1 ", area, "-", exchange, "-", line),
              _join(area, ".", exchange, ".", line)]
    campaign = [None if name.startswith("(") else name for name in names["campaigns"]]
    device = np.where(c["device"][ci, s["browser"][si]] == DESKTOP, DESKTOP, MOBILE)   # tablets ring as mobile
    value = k["value"]
    return _join(pc.strftime(pa.array(k["t"].astype("datetime64[s]")), format="%m/%d/%Y %H:%M"), ",",
                 pc.choose(pa.array(k["style"].astype(np.int8)), *shapes), ",", _names(pair, TRACKING), ",",
                 _str(k["seconds"]), ",", _names(k["answered"].astype(int), ["false", "true"]), ",",
                 _names(k["first"].astype(int), ["false", "true"]), ",", _names(pair, SOURCES), ",",
                 _names(pair, MEDIA), ",", _names(s["camp"][si], campaign), ",",
                 _names(s["term"][si], TERMS), ",",
                 _location(sim, names, si, s["page"][si], np.ones(len(si), bool)), ",", _gclid(names, s, si),
                 ",", _wrap(_str(np.nan_to_num(value).astype(np.int64), np.isnan(value)), ".00"), ",",
                 _names(device, S.DEVICES), ",", _names(c["city"][ci], CITIES), "\n")


def _email_lines(sim: Sim, names: dict, rows: slice) -> pa.Array:
    m = {k: v[rows] for k, v in sim.emails.items()}
    email, typed = names["email"].take(m["cust"]), names["typed"].take(m["cust"])
    address = pc.choose(pa.array(m["variant"].astype(np.int8)), email, typed, _join("  ", typed),
                        _join(email, " "))
    clicked = _names(m["page"], S.PAGES)
    return _join(address, ",", _names(m["action"], ACTIONS), ",",
                 pc.strftime(pa.array(m["t"].astype("datetime64[s]")), format="%Y-%m-%d %H:%M:%S UTC"), ",",
                 _names(m["send"], names["titles"]), ",",
                 _wrap(S.SITE, clicked, "?utm_source=newsletter&utm_medium=email&utm_campaign=",
                       _names(m["send"] + len(STATIC_CAMPAIGNS), names["campaigns"])), "\n")


def _location(sim: Sim, names: dict, si, page, landing) -> pa.Array:
    """Page urls; landing pages of tagged visits carry utm parameters (and a gclid from Google Ads)."""
    s = sim.sessions
    pair = s["pair"][si]
    tagged = np.where(landing & PAIR_TAGGED[pair], pair, -1)
    extra = _join(_wrap("&utm_term=", _names(s["term"][si], TERMS_URL)), _wrap("&gclid=", _gclid(names, s, si)))
    query = _wrap("?utm_source=", _names(tagged, SOURCES), "&utm_medium=", _names(pair, MEDIA),
                  "&utm_campaign=", _names(s["camp"][si], names["campaigns"]), extra)
    return _join(S.SITE, _names(page, S.PAGES), pc.if_else(landing, query, None))


def _gclid(names: dict, s: dict, si) -> pa.Array:
    codes = s["gclid"][si]
    return names["gclids"].take(pa.array(codes.astype(np.int32), mask=codes < 0))


def _param(key: str, values: pa.Array, kind: str = "string_value", first: bool = False) -> pa.Array:
    """One GA4 event parameter per row (null where the value is), quotes doubled for the CSV field."""
    q = '""' if kind == "string_value" else ""
    head = ("" if first else ",") + f'{{""key"":""{key}"",""value"":{{""{kind}"":{q}'
    return _wrap(head, values, f"{q}}}}}")


def _join(*pieces) -> pa.Array:
    """Row-wise concatenation; null pieces count as empty."""
    return pc.binary_join_element_wise(*pieces, "", null_handling="replace", null_replacement="")


def _wrap(*pieces) -> pa.Array:
    """Row-wise concatenation, null where any piece is null."""
    return pc.binary_join_element_wise(*pieces, "")


def _names(codes, names) -> pa.Array:
    """names[code] for each row; null where the code is negative or the name is None."""
    codes = np.asarray(codes)
    names = names if isinstance(names, pa.Array) else pa.array(names, pa.string())
    return names.take(pa.array(codes.astype(np.int32), mask=codes < 0))


def _str(values, missing=None) -> pa.Array:
    """Numbers as text; NaN (or where missing) is null. Doubles print in their shortest form."""
    values = np.asarray(values)
    if missing is None and values.dtype.kind == "f":
        missing = np.isnan(values)
    return pa.array(values, mask=missing).cast(pa.string())


def _csv(names: list) -> list:
    return ['"' + n.replace('"', '""') + '"' if n and ("," in n or '"' in n) else n for n in names]


def _yyyymmdd(seconds):
    day = (seconds // DAY).astype("datetime64[D]")
    month = day.astype("datetime64[M]")
    year = month.astype("datetime64[Y]").astype(np.int64) + 1970
    return year * 10_000 + (month.astype(np.int64) % 12 + 1) * 100 + (day - month).astype(np.int64) + 1


def _text(lines: pa.Array) -> memoryview:
    """The concatenated values of a string array, straight from its Arrow buffers (no copy)."""
    _, offsets, data = lines.buffers()
    if data is None:
        return memoryview(b"")
    bounds = np.frombuffer(offsets, np.int32)[lines.offset:lines.offset + len(lines) + 1]
    return memoryview(data)[bounds[0]:bounds[-1]]
