"""The demo's simulation: customers, visits, calls and emails as numpy arrays (vectorised over
customers, visits and events). write.py formats them as the three exports; the story's numbers,
cast and customer behaviour live in story.py and behaviour.py. A seed gives the same bytes every time. All
timestamps are UTC, so a call placed after a visit also comes after it in the stitched journey.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass

import numpy as np

from . import behaviour as B
from . import story as S
from .behaviour import ACQUIRED, AFTER_CALL, FROM_EMAIL, MOBILE
from .story import DAY, campaign_calendar, epoch, pick

START, END = "2023-01-01", "2025-12-31"
FILES = {"web": "web_events.csv.gz", "calls": "calls.csv", "emails": "emails.csv"}
EVENTS = ["first_visit", "session_start", "page_view", "view_item", "add_to_cart", "begin_checkout",
          "purchase", "generate_lead", "sign_up", "payment_failed"]
LEAD, SIGN_UP, PURCHASE = EVENTS.index("generate_lead"), EVENTS.index("sign_up"), EVENTS.index("purchase")
PAYMENT_FAILED = EVENTS.index("payment_failed")
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


def _simulate(n: int, seed: int, start: str, end: str) -> Sim:
    rng = np.random.default_rng(seed)
    t0, t1 = epoch(start), epoch(end) + DAY
    warm = t0 - S.WARM_UP_DAYS * DAY     # the shop had customers and a list before the exports start
    cal = campaign_calendar(warm, t1)
    c = B.customers(rng, n, warm, t1)
    base, visits = B.base_sessions(rng, c)
    calls, form_sessions, after_call = B.calls(rng, c, base, visits)
    mail, newsletter_sessions, clicks = B.mail(rng, c, base, visits, cal, len(STATIC_CAMPAIGNS))
    base["form"][(rng.random(len(base["t"])) < S.CONTACT_FORM_SHARE) & ~c["caller"][base["cust"]]] = 2
    base["form"][newsletter_sessions] = 1
    base["form"][form_sessions] = 2       # the contact form carries the email address too
    s = _sessions(rng, c, [base, after_call, clicks], t1)
    # Its own generator, so the customers and their visits up to checkout stay as they were.
    _break_payments(np.random.default_rng([seed, 14]), c, s)
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
        s["page"][todo] = B.landing(rng, ch, len(todo))
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


def _break_payments(rng, c, s) -> None:
    """The planted obstacle: phone visits that would have bought in the broken days fail to pay."""
    lo, hi = (epoch(day) for day in S.BROKEN_PAYMENT)
    phone = c["device"][s["cust"], s["browser"]] == MOBILE
    s["failed"] = ((s["depth"] >= 5) & phone & (s["t"] >= lo) & (s["t"] < hi)
                   & (rng.random(len(s["t"])) < S.BROKEN_PAYMENT_FAILS))
    s["depth"][s["failed"]] = 4


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
        ((depth >= 1) & ~on_product, [2, 3], B.product(rng, n), False), (depth >= 2, [2], S.PRICING, False),
        (s["form"] == 2, [2, LEAD], S.CONTACT, False), (depth >= 3, [2, 4], S.CART, False),
        (signup, [2, SIGN_UP], S.ACCOUNT, False), (depth >= 4, [2, 5], S.CHECKOUT, False),
        (depth >= 5, [2, PURCHASE], S.THANK_YOU, False), (s["failed"], [PAYMENT_FAILED], S.CHECKOUT, False)]
    counts, plan = np.zeros(n, np.int64), []
    for mask, events, where, landing in steps:
        present = np.ones(n, bool) if mask is None else mask
        plan.append((np.flatnonzero(present), counts.copy(), events, where, landing))
        counts += present * len(events)
    first, total = B.starts(counts), counts.sum()
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


