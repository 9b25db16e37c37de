"""The customers' behaviour in the demo story: when they visit, call, open and click."""
from __future__ import annotations

import numpy as np

from .story import (ACQUISITION_MIX, ACQUISITION_TREND, ANSWERED_CLOSED, ANSWERED_OPEN, BLOG,
                    CALL_DELAY_MINUTES, CALL_ON_FIRST_VISIT, CALL_SECONDS, CALL_VALUE, CALL_VALUE_SHARE,
                    CALLER_SHARE, CALLER_TREND, CALLER_USED_FORM, CHANNEL_NAMES, CHANNELS, CITIES,
                    CLICK_PER_OPEN, COUNTRIES, COUNTRY_SHARE, DAY, DEVICE_SHARE, DEVICES, EMAIL_CHANNEL,
                    ENGAGEMENT, FIRST_BLOG, FIRST_PRODUCT, FOLLOW_UP_VISIT, GROWTH_PER_YEAR,
                    HARD_BOUNCE_SUBSCRIBERS, HOME, HOUR, MONTH_SEASON, OS_SHARE, PRODUCT_POPULARITY,
                    RETURN_GAP_DAYS, RETURN_MIX, RETURN_VISITS, SECOND_BROWSER_SHARE, SECOND_BROWSER_USE,
                    SECOND_CALL, SECOND_OPEN, SOFT_BOUNCE, SUBSCRIBED_ON_SITE, SUBSCRIBER_SHARE,
                    TYPED_EMAIL_VARIANT, UNSUBSCRIBE_PER_SEND, WEEKDAY, addresses, permute, phone_numbers,
                    pick)

ACQUIRED, RETURNED, AFTER_CALL, FROM_EMAIL = range(4)      # why a visit happened
MOBILE, DESKTOP = DEVICES.index("mobile"), DEVICES.index("desktop")
CITY_WEIGHTS = np.array([[w * (country == name) for country, _, w, _ in CITIES] for name in COUNTRIES])
CITY_OFFSET = np.array([c[3] for c in CITIES]) * 3600
OS_WEIGHTS = np.array([OS_SHARE[d] for d in DEVICES])


def customers(rng, n: int, t0: int, t1: int) -> dict:
    """Who the customers are: when and how they arrive, where they live, their devices and habits."""
    days = np.arange(t0 // DAY, t1 // DAY)
    month = days.astype("datetime64[D]").astype("datetime64[M]").astype(int) % 12
    weight = np.exp(GROWTH_PER_YEAR * (days - days[0]) / 365.25) * MONTH_SEASON[month] * WEEKDAY[(days + 3) % 7]
    day = days[pick(rng, weight, n)]
    years = (day - days[0]) / 365.25
    country = pick(rng, COUNTRY_SHARE, n)
    city = pick_rows(rng, CITY_WEIGHTS[country])
    device = pick(rng, DEVICE_SHARE, n)
    second = np.where(device == MOBILE, DESKTOP, MOBILE)
    uk = country == COUNTRIES.index("United Kingdom")
    mix = np.clip(ACQUISITION_MIX + np.outer(years, ACQUISITION_TREND), 0, 1)
    caller = (rng.random(n) < CALLER_SHARE + CALLER_TREND * years) & ~uk
    return dict(t=day * DAY + clock(rng, n) - CITY_OFFSET[city], offset=CITY_OFFSET[city], country=country,
                city=city, channel=pick_rows(rng, mix),
                device=np.stack([device, second], axis=1),
                os=np.stack([pick_rows(rng, OS_WEIGHTS[device]), pick_rows(rng, OS_WEIGHTS[second])], axis=1),
                two=rng.random(n) < SECOND_BROWSER_SHARE, caller=caller,
                subscriber=rng.random(n) < SUBSCRIBER_SHARE, account=rng.random(n),
                user_no=permute(np.arange(n), max(10**6, n)), phone=phone_numbers(country), **addresses(rng, n))


def base_sessions(rng, c):
    """The first visit and the return visits that no call or email prompted."""
    shape, mean = RETURN_VISITS
    visits = 1 + rng.poisson(rng.gamma(shape, mean / shape, len(c["t"])))
    cust, k = expand(visits)
    days = np.cumsum(np.where(k == 0, 0, rng.geometric(1 / RETURN_GAP_DAYS, len(cust))))
    days -= days[np.repeat(starts(visits), visits)]
    off = c["offset"][cust]
    later = ((c["t"][cust] + off) // DAY + days) * DAY + clock(rng, len(cust)) - off
    second = (k > 0) & c["two"][cust] & (rng.random(len(cust)) < SECOND_BROWSER_USE)
    channel = np.where(k == 0, c["channel"][cust], pick(rng, RETURN_MIX, len(cust)))
    return visit_rows(cust, np.where(k == 0, c["t"][cust], later), channel, second,
                      np.where(k == 0, ACQUIRED, RETURNED)), visits


def calls(rng, c, base, visits):
    """Calls placed after a visit (the caller often left the number on the contact form first),
    and the visit many callers make afterwards."""
    who = np.flatnonzero(c["caller"])
    n = len(who)
    anchor = some_visit(rng, visits, who, CALL_ON_FIRST_VISIT)
    t1 = base["t"][anchor] + 600 + (rng.lognormal(*CALL_DELAY_MINUTES, n) * 60).astype(np.int64)
    again = rng.random(n) < SECOND_CALL
    t2 = t1 + rng.integers(1, 11, n) * DAY + rng.integers(-3 * 3600, 3 * 3600, n)
    i = np.concatenate([np.arange(n), np.flatnonzero(again)])
    t = np.concatenate([t1, t2[again]])
    hour = (t + c["offset"][who[i]]) % DAY // 3600
    open_now = (hour >= 8) & (hour < 20)          # the shop answers less after hours
    answered = rng.random(len(t)) < np.where(open_now, ANSWERED_OPEN, ANSWERED_CLOSED)
    seconds = np.where(answered, rng.lognormal(*CALL_SECONDS, len(t)), rng.integers(0, 35, len(t)))
    valued = answered & (seconds > 120) & (rng.random(len(t)) < CALL_VALUE_SHARE)
    calls = dict(t=t, cust=who[i], anchor=anchor[i], first=np.arange(len(t)) < n, answered=answered,
                 seconds=seconds.astype(np.int64), style=rng.integers(0, 3, len(t)),
                 value=np.where(valued, np.round(rng.lognormal(*CALL_VALUE, len(t))), np.nan))
    back = np.flatnonzero(rng.random(n) < FOLLOW_UP_VISIT)
    after = np.where(again, t2, t1)[back] + (rng.lognormal(np.log(5.0), 1.0, len(back)) * 3600).astype(np.int64)
    channel = np.where(rng.random(len(back)) < 0.7, CHANNEL_NAMES.index("Direct"), 0)
    follow = visit_rows(who[back], after, channel, np.zeros(len(back), bool), AFTER_CALL,
                        page=product(rng, len(back)))
    return calls, anchor[rng.random(n) < CALLER_USED_FORM], follow


def mail(rng, c, base, visits, cal, campaign_offset: int):
    """Campaign activity of list members, and the visits their clicks bring."""
    who = np.flatnonzero(c["subscriber"])
    joined = some_visit(rng, visits, who, 0.0)
    first_send = np.searchsorted(cal["t"], base["t"][joined] + 300, side="right")
    available = len(cal["t"]) - first_send
    life = rng.geometric(UNSUBSCRIBE_PER_SEND, len(who))
    hard = rng.random(len(who)) < HARD_BOUNCE_SUBSCRIBERS
    sends = np.where(hard, np.minimum(available, 1), np.minimum(life, available))
    quits = ~hard & (life <= available)
    engagement = rng.beta(*ENGAGEMENT, len(who))
    sub, j = expand(sends)
    send, last = first_send[sub] + j, j == sends[sub] - 1
    bounce = hard[sub] | (rng.random(len(sub)) < SOFT_BOUNCE)
    opened = ~bounce & ((rng.random(len(sub)) < engagement[sub] * cal["season"][send]) | (quits[sub] & last))
    o, b = np.flatnonzero(opened), np.flatnonzero(bounce)     # only these sends leave rows
    t_open = cal["t"][send[o]] + rng.lognormal(np.log(3 * 3600), 1.2, len(o)).astype(np.int64)
    mean = ENGAGEMENT[0] / sum(ENGAGEMENT)
    clicked = rng.random(len(o)) < CLICK_PER_OPEN * engagement[sub[o]] / mean   # the engaged click more
    reopen = rng.random(len(o)) < SECOND_OPEN
    leaves = quits[sub[o]] & last[o]
    t_click = t_open[clicked] + rng.integers(5, 600, clicked.sum())
    page = landing(rng, EMAIL_CHANNEL, clicked.sum())
    parts = [(o, t_open, 0), (o[reopen], t_open[reopen] + rng.integers(3600, 3 * DAY, reopen.sum()), 0),
             (o[clicked], t_click, 1), (b, cal["t"][send[b]] + rng.integers(1, 120, len(b)), 2),
             (o[leaves], t_open[leaves] + rng.integers(10, 300, leaves.sum()), 3)]
    at = np.concatenate([k for k, _, _ in parts])
    action = np.concatenate([np.full(len(k), a, np.int8) for k, _, a in parts])
    v = TYPED_EMAIL_VARIANT
    rows = dict(cust=who[sub[at]], send=send[at], t=np.concatenate([t for _, t, _ in parts]), action=action,
                page=np.full(len(at), -1), variant=pick(rng, [1 - v, v * 0.6, v * 0.25, v * 0.15], len(at)))
    rows["page"][action == 1] = page
    cust = who[sub[o[clicked]]]
    mobile = rng.random(len(cust)) < 0.65             # newsletters are mostly read on phones
    second = c["two"][cust] & (mobile ^ (c["device"][cust, 0] == MOBILE))
    clicks = visit_rows(cust, t_click + rng.integers(2, 30, len(cust)), EMAIL_CHANNEL, second,
                        FROM_EMAIL, page=page, camp=campaign_offset + send[o[clicked]])
    return rows, joined[rng.random(len(who)) < SUBSCRIBED_ON_SITE], clicks


def visit_rows(cust, t, channel, second, kind, page=None, camp=None) -> dict:
    """Visits as columns; page and campaign stay -1 where the traffic source decides them later."""
    n = len(cust)
    return dict(cust=cust, t=t, channel=np.broadcast_to(channel, (n,)).astype(np.int64),
                browser=np.asarray(second, np.int64), kind=np.broadcast_to(kind, (n,)).astype(np.int8),
                form=np.zeros(n, np.int8), page=np.full(n, -1) if page is None else page,
                camp=np.full(n, -1) if camp is None else camp)


def some_visit(rng, visits, who, first_share):
    """One base visit per customer in who: the first with first_share, else any of them."""
    any_visit = (rng.random(len(who)) * visits[who]).astype(np.int64)
    return starts(visits)[who] + np.where(rng.random(len(who)) < first_share, 0, any_visit)


def pick_rows(rng, weights):
    """One category per row of a weight matrix."""
    cum = np.cumsum(weights, axis=1)
    return np.minimum((cum <= (rng.random(len(cum)) * cum[:, -1])[:, None]).sum(axis=1), weights.shape[1] - 1)


def product(rng, n):
    return FIRST_PRODUCT + pick(rng, PRODUCT_POPULARITY, n)


def landing(rng, channel: int, n: int):
    kind = pick(rng, CHANNELS[channel][2], n)           # home, blog, product
    blog = FIRST_BLOG + rng.integers(0, len(BLOG), n)
    return np.select([kind == 1, kind == 2], [blog, product(rng, n)], HOME)


def clock(rng, n):
    return pick(rng, HOUR, n) * 3600 + rng.integers(0, 3600, n)


def starts(counts):
    return np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)


def expand(counts):
    """(owner, k) for each of counts[owner] items, k counting from 0 within an owner."""
    owner = np.repeat(np.arange(len(counts)), counts)
    return owner, np.arange(len(owner)) - np.repeat(starts(counts), counts)
