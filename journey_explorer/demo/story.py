"""The demo's story: who the customers are, where they come from and how they behave.

Northwind Outdoor, an online outdoor-gear retailer, 2023–2025. This module holds the story's
numbers, its cast (names, addresses, phone numbers, the email calendar) and the customers'
behaviour lives in behaviour.py; simulate.py turns each visit into GA4 events and write.py writes
the three exports. Tune the story with the numbers at the top.
"""
from __future__ import annotations

import numpy as np

SITE = "https://www.northwind-outdoor.com"

# Interactions roughly triple from 2023 to 2025: new customers grow ~60% a year, and returning
# customers and the email list (which accumulate) add the rest. The simulation starts a year
# before the exports, so 2023 already has returning customers and a list.
GROWTH_PER_YEAR = 0.47
WARM_UP_DAYS = 365
# Retail seasonality, Jan..Dec: holiday peak, summer dip.
MONTH_SEASON = np.array([0.92, 0.85, 0.95, 1.0, 1.05, 0.8, 0.62, 0.68, 0.92, 1.05, 1.6, 1.8])
WEEKDAY = np.array([1.0, 1.0, 1.0, 1.0, 0.95, 0.9, 1.05])          # Mon..Sun
HOUR = np.array([2, 1, 1, 1, 1, 2, 3, 5, 6, 7, 7, 7, 8, 8, 7, 7, 7, 8, 9, 10, 11, 10, 7, 4.0])  # local

# Cities: (country, city, weight within the country, UTC offset in hours, standard time).
CITIES = [("United States", city, w, tz) for city, w, tz in [
    ("New York", 10, -5), ("Los Angeles", 8, -8), ("Chicago", 6, -6), ("Houston", 4, -6),
    ("Phoenix", 3, -7), ("Philadelphia", 3, -5), ("San Diego", 3, -8), ("Dallas", 4, -6),
    ("Austin", 4, -6), ("Denver", 7, -7), ("Seattle", 7, -8), ("Portland", 6, -8), ("Boston", 5, -5),
    ("Atlanta", 4, -5), ("Minneapolis", 4, -6), ("Salt Lake City", 4, -7), ("San Francisco", 5, -8),
    ("Boulder", 3, -7), ("Nashville", 3, -6), ("Raleigh", 2, -5), ("Bend", 2, -8), ("Asheville", 2, -5),
    ("Burlington", 1, -5), ("Anchorage", 1, -9), ("Bozeman", 1, -7), ("Sacramento", 2, -8)]] + [
    ("Canada", "Toronto", 5, -5), ("Canada", "Vancouver", 5, -8), ("Canada", "Calgary", 3, -7),
    ("Canada", "Montreal", 3, -5), ("Canada", "Ottawa", 2, -5), ("United Kingdom", "London", 6, 0),
    ("United Kingdom", "Manchester", 2, 0), ("United Kingdom", "Edinburgh", 2, 0),
    ("United Kingdom", "Bristol", 1, 0)]
COUNTRIES = ["United States", "Canada", "United Kingdom"]
COUNTRY_SHARE = [0.86, 0.08, 0.06]
# Customer phone numbers: area codes per country (UK customers do not phone a US shop).
AREA_CODES = {
    "United States": [212, 646, 718, 917, 213, 310, 323, 818, 312, 773, 713, 832, 602, 480, 215,
                      267, 619, 858, 214, 469, 512, 737, 303, 720, 206, 425, 503, 971, 617, 857,
                      404, 678, 612, 651, 801, 385, 415, 628, 615, 919, 541, 828, 802, 907, 406,
                      916, 702, 305, 786, 414, 216, 614, 313, 412, 704, 808, 208, 307],
    "Canada": [416, 647, 604, 778, 403, 587, 514, 438, 613, 343],
}
PHONE_EXCHANGES = [555, 556, 557, 558, 559]   # 555 first; more only for very large runs

DEVICES = ["mobile", "desktop", "tablet"]
DEVICE_SHARE = [0.58, 0.36, 0.06]
SECOND_BROWSER_SHARE = 0.22                   # e.g. researches on the phone, buys on the laptop
SECOND_BROWSER_USE = 0.4                      # share of later sessions on the second browser
OPERATING_SYSTEMS = ["iOS", "Android", "Windows", "Macintosh", "Chrome OS", "Linux"]
OS_SHARE = {"mobile": [0.55, 0.45, 0, 0, 0, 0], "desktop": [0, 0, 0.58, 0.36, 0.04, 0.02],
            "tablet": [0.7, 0.3, 0, 0, 0, 0]}

# Channels: name, [(source, medium, weight)], landing mix (home, blog, product), evergreen
# campaigns, whether the season's promotion runs there too, utm-tagged landing urls.
# Paid-search campaign → the keywords it bids on; the season's promotions bid on all non-brand ones.
SEARCH_TERMS = {
    "nonbrand_footwear": ["hiking boots", "waterproof hiking boots", "trail running shoes",
                          "hiking boots women"],
    "nonbrand_outerwear": ["waterproof jacket", "down jacket", "rain jacket men", "rain jacket women",
                           "insulated jacket", "merino base layer"],
    "nonbrand_camping": ["2 person tent", "backpacking tent", "65l backpack", "camping stove",
                         "sleeping bag 20 degree", "trekking poles"],
    "brand_search": ["northwind outdoor", "northwind outdoor coupon", "northwind boots",
                     "northwind outdoor jacket", "northwind outdoor returns"],
}
CHANNELS = [
    ("Organic Search",
     [("google", "organic", 0.86), ("bing", "organic", 0.1), ("duckduckgo", "organic", 0.04)],
     (0.2, 0.55, 0.25), ["(organic)"], False, False),
    ("Paid Search", [("google", "cpc", 0.8), ("bing", "cpc", 0.2)],
     (0.25, 0.0, 0.75), ["brand_search", "nonbrand_footwear", "nonbrand_outerwear", "nonbrand_camping"],
     True, True),
    ("Paid Social", [("facebook", "paid_social", 0.58), ("instagram", "paid_social", 0.42)],
     (0.15, 0.05, 0.8), ["prospecting_lookalike", "retargeting_cart", "ugc_trail_stories"], True, True),
    ("Referral", [("outdoorgearlab.com", "referral", 0.4), ("backpacker.com", "referral", 0.35),
                  ("cleverhiker.com", "referral", 0.25)],
     (0.1, 0.3, 0.6), ["(referral)"], False, False),
    ("Direct", [("(direct)", "(none)", 1.0)], (0.8, 0.05, 0.15), ["(direct)"], False, False),
    ("Display", [("google", "display", 0.7), ("criteo", "display", 0.3)],
     (0.3, 0.0, 0.7), ["remarketing_display", "prospecting_display"], True, True),
    ("Email", [("newsletter", "email", 1.0)], (0.25, 0.15, 0.6), [], False, True),
]
CHANNEL_NAMES = [c[0] for c in CHANNELS]
EMAIL_CHANNEL = CHANNEL_NAMES.index("Email")
PAID_SEARCH = CHANNEL_NAMES.index("Paid Search")
# First-touch mix when the simulation starts and its change per year (paid social grows fastest).
ACQUISITION_MIX = np.array([0.34, 0.24, 0.12, 0.08, 0.14, 0.08, 0.0])
ACQUISITION_TREND = np.array([-0.02, 0.0, 0.035, 0.0, -0.01, -0.005, 0.0])
RETURN_MIX = np.array([0.24, 0.16, 0.1, 0.04, 0.38, 0.08, 0.0])
SEASONAL_SHARE = 0.45                 # paid sessions that belong to the season's promotion
SEASONAL_CAMPAIGN = ["new_year_sale", "winter_clearance", "spring_sale", "spring_sale",
                     "memorial_day_sale", "summer_camping", "summer_camping", "back_to_school",
                     "fall_hiking", "fall_hiking", "black_friday", "holiday_gifts"]
REFERRERS = {"google": "https://www.google.com/", "bing": "https://www.bing.com/",
             "duckduckgo": "https://duckduckgo.com/", "facebook": "https://l.facebook.com/",
             "instagram": "https://l.instagram.com/", "outdoorgearlab.com": "https://www.outdoorgearlab.com/",
             "backpacker.com": "https://www.backpacker.com/", "cleverhiker.com": "https://www.cleverhiker.com/"}

PRODUCTS = """
trailblazer-waterproof-hiking-boots summit-down-jacket ridgeline-2-person-tent
alpine-65l-backpack stormshell-rain-jacket switchback-trail-runners merino-base-layer-crew
featherlite-sleeping-bag-20f basecamp-4-person-tent carbon-trekking-poles canyon-hiking-shorts
ember-camp-stove glacier-insulated-parka daypack-28l fleece-quarter-zip wool-hiking-socks-3-pack
headlamp-400-lumen packable-puffer-vest water-filter-bottle camp-chair-ultralight
""".split()
PRODUCT_POPULARITY = 1.0 / np.arange(1, len(PRODUCTS) + 1) ** 0.8
BLOG = ["best-hiking-boots", "how-to-layer-for-winter-hiking", "beginner-backpacking-checklist",
        "how-to-choose-a-tent", "rain-jacket-buying-guide", "trail-running-for-beginners",
        "best-day-hikes-near-denver", "leave-no-trace-principles", "how-to-waterproof-boots",
        "car-camping-essentials", "sleeping-bag-temperature-ratings", "gift-guide-for-hikers"]
PAGES = ["/", "/pricing", "/contact", "/cart", "/checkout", "/checkout/thank-you", "/account"] + \
    [f"/blog/{s}" for s in BLOG] + [f"/products/{s}" for s in PRODUCTS]
HOME, PRICING, CONTACT, CART, CHECKOUT, THANK_YOU, ACCOUNT = range(7)
FIRST_BLOG, FIRST_PRODUCT = 7, 7 + len(BLOG)

# Funnel: P(product | landing), P(pricing | product), P(cart | pricing), P(checkout | cart),
# P(purchase | checkout). Most who see pricing stop there; many abandon checkout.
FUNNEL = np.array([0.55, 0.5, 0.2, 0.68, 0.55])
FUNNEL_FROM_BLOG = 0.3                # blog readers rarely go on to a product
FUNNEL_LIFT = {                       # multipliers per step
    "mobile": np.array([1, 1, 0.8, 0.9, 0.7]),
    "caller": np.array([1, 1.1, 1.2, 1, 1]),
    "after_call": np.array([1, 1.4, 2.2, 1.1, 1.2]),
    "email": np.array([1, 1.2, 1.5, 1.1, 1.2]),
}
ORDER_VALUE = (np.log(115.0), 0.55)   # lognormal order value in USD
# The one planted obstacle: in the 2025 holiday rush a payment form update broke on phones, so
# mobile shoppers who pressed "Pay" got a payment_failed and left. It spans a whole month,
# the Obstacles page's default period, and the busiest one: with a few thousand customers a
# shorter or quieter spell has too few mobile checkouts to stand out from chance.
BROKEN_PAYMENT = ("2025-11-01", "2025-12-01")   # UTC, end excluded
BROKEN_PAYMENT_FAILS = 1.0                       # of mobile payments in that time
SECOND_BLOG_PAGE = 0.3
DWELL_SECONDS = (np.log(35.0), 0.8)   # time on a page
ACCOUNT_AT_CHECKOUT = 0.75            # the rest check out as guests
ACCOUNT_WITHOUT_ORDER = 0.05
CONTACT_FORM_SHARE = 0.015            # sessions of non-callers that send the contact form
RETURN_VISITS = (0.9, 1.7)            # gamma shape, mean: extra visits per customer
RETURN_GAP_DAYS = 12

# Calls: who calls, when, and how it goes.
CALLER_SHARE = 0.25                   # of customers outside the UK when the simulation starts ...
CALLER_TREND = 0.035                  # ... and the rise per year (the phone line gets promoted)
CALLER_USED_FORM = 0.6                # left their phone on the contact form before calling
CALL_ON_FIRST_VISIT = 0.7
SECOND_CALL = 0.3
FOLLOW_UP_VISIT = 0.8                 # callers who come back to the site after the call
CALL_DELAY_MINUTES = (np.log(25.0), 1.3)
ANSWERED_OPEN = 0.86                  # 8:00–19:59 local
ANSWERED_CLOSED = 0.3
CALL_SECONDS = (np.log(190.0), 0.8)
CALL_VALUE_SHARE = 0.35               # answered calls over two minutes that get a value
CALL_VALUE = (np.log(160.0), 0.6)
TRACKING_NUMBERS = {"google/cpc": "(888) 555-0147", "bing/cpc": "(888) 555-0163",
                    "google/organic": "(877) 555-0120", "facebook/paid_social": "(866) 555-0188",
                    "instagram/paid_social": "(866) 555-0191", "(direct)/(none)": "(800) 555-0100",
                    "": "(877) 555-0199"}

# Email list.
SUBSCRIBER_SHARE = 0.5
SUBSCRIBED_ON_SITE = 0.9              # via the newsletter form (a generate_lead with form_email)
ENGAGEMENT = (1.5, 4.5)               # beta: each subscriber's open rate
SECOND_OPEN = 0.15
CLICK_PER_OPEN = 0.1
SOFT_BOUNCE = 0.004
HARD_BOUNCE_SUBSCRIBERS = 0.03
UNSUBSCRIBE_PER_SEND = 0.012
TYPED_EMAIL_VARIANT = 0.05            # rows whose address has other case or stray spaces
NEWSLETTER_EVERY_DAYS = 14
OPEN_SEASON = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.9, 0.75, 0.8, 0.95, 1.0, 1.15, 1.2])  # summer: outdoors
PROMOTIONS = [  # (month, day, utm_campaign, title), sent at 14:00 UTC
    (1, 3, "new_year_sale", "New Year Sale: up to 40% off"),
    (2, 12, "winter_clearance", "Winter Clearance Ends Soon"),
    (3, 14, "spring_sale", "Spring Sale Starts Now"),
    (4, 22, "earth_day", "Earth Day: Gear That Lasts"),
    (5, 20, "memorial_day_sale", "Memorial Day Sale"),
    (6, 12, "summer_camping", "Summer Camping Checklist"),
    (7, 1, "fourth_of_july_sale", "4th of July Sale"),
    (8, 14, "back_to_school", "Back to School Packs"),
    (9, 10, "fall_hiking", "Fall Hiking Season Is Here"),
    (10, 16, "fall_layering_guide", "The Fall Layering Guide"),
    (11, 21, "black_friday_early_access", "Black Friday Early Access"),
    (11, 28, "black_friday", "Black Friday: 30% Off Everything"),
    (12, 1, "cyber_monday", "Cyber Monday Ends Tonight"),
    (12, 8, "holiday_gift_guide", "The Holiday Gift Guide"),
    (12, 18, "last_minute_gifts", "Last-Minute Gifts Ship Free"),
]

FIRST_NAMES = """
james mary john patricia robert jennifer michael linda william elizabeth david barbara richard
susan joseph jessica thomas sarah charles karen daniel nancy matthew lisa anthony betty mark
margaret steven sandra paul ashley andrew kimberly joshua emily kevin donna brian michelle
george carol timothy amanda ryan melissa jacob deborah gary stephanie nicholas rebecca eric
laura jonathan sharon justin cynthia scott kathleen brandon amy benjamin angela samuel anna
gregory brenda alexander emma patrick olivia jack sophia tyler grace aaron chloe nathan hannah
ethan maya noah zoe liam priya wei mei carlos sofia diego lucia omar fatima aisha kenji yuki
ravi ana jane
""".split()
LAST_NAMES = """
smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez
gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris
sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill
flores green adams nelson baker hall rivera campbell mitchell carter roberts chen patel kim park
singh murphy cook rogers morgan cooper peterson reed bailey bell kelly howard ward cox
richardson wood watson brooks bennett gray james hughes price sanders myers long ross foster doe
fischer olsen
""".split()
EMAIL_DOMAINS = ["example.com", "example.org", "example.net", "mail.example.net", "mail.example.com"]
DOMAIN_SHARE = [0.4, 0.2, 0.15, 0.15, 0.1]
# Address shapes: first.last, firstlast, flast, first_last, last.first, firstl.
EMAIL_PATTERN_SHARE = [0.45, 0.15, 0.12, 0.1, 0.08, 0.1]


# ---------------------------------------------------------------- the cast

DAY = 86_400


def pick(rng, weights, size):
    """size draws of a category index with the given (unnormalised) weights."""
    cum = np.cumsum(np.asarray(weights, dtype=float))
    return np.searchsorted(cum / cum[-1], rng.random(size), side="right")


def permute(i, space: int):
    """A bijection of range(space) (the multiplier is a prime above any space used here):
    distinct ids that do not look sequential."""
    return (np.asarray(i, np.int64) * 2_654_435_761 + 1_013) % space


def epoch(day: str) -> int:
    return int(np.datetime64(day, "s").astype(np.int64))


def addresses(rng, n: int) -> dict:
    """Distinct first.last-style addresses, and the same addresses as people type them."""
    shapes = ["{f}.{l}", "{f}{l}", "{fi}{l}", "{f}_{l}", "{l}.{f}", "{f}{li}"]
    combos = [(f, l, shape) for f in FIRST_NAMES for l in LAST_NAMES for shape in shapes]
    plain = np.array([sh.format(f=f, l=l, fi=f[0], li=l[0]) for f, l, sh in combos])
    typed = np.array([sh.format(f=f.title(), l=l.title(), fi=f[0].upper(), li=l[0].upper())
                      for f, l, sh in combos])
    combo = (rng.integers(0, len(FIRST_NAMES), n) * len(LAST_NAMES)
             + rng.integers(0, len(LAST_NAMES), n)) * len(shapes) + pick(rng, EMAIL_PATTERN_SHARE, n)
    domain = pick(rng, DOMAIN_SHARE, n)
    # Different names can give the same address (jdoe): number the repeats (names hold no digits).
    key = np.unique(plain, return_inverse=True)[1][combo] * len(EMAIL_DOMAINS) + domain
    order = np.argsort(key, kind="stable")
    rank = np.empty(n, np.int64)
    rank[order] = np.arange(n) - np.searchsorted(key[order], key[order])
    at = np.strings.add(np.where(rank > 0, (53 + 7 * rank).astype(str), ""), "@")
    domains = np.array(EMAIL_DOMAINS)
    return dict(email=np.strings.add(np.strings.add(plain[combo], at), domains[domain]),
                typed=np.strings.add(np.strings.add(typed[combo], at), np.strings.capitalize(domains)[domain]))


def phone_numbers(country) -> np.ndarray:
    """Distinct ten-digit numbers for US and Canadian customers (0: no phone)."""
    phone = np.zeros(len(country), np.int64)
    for name, areas in AREA_CODES.items():
        here = np.flatnonzero(country == COUNTRIES.index(name))
        lines = len(areas) * 10_000
        v = permute(np.arange(len(here)), lines * -(-len(here) // lines))
        exchange = np.array(PHONE_EXCHANGES)[v // lines]
        phone[here] = np.array(areas)[v % lines // 10_000] * 10**7 + exchange * 10**4 + v % 10_000
    return phone


def campaign_calendar(t0: int, t1: int) -> dict:
    """Fortnightly newsletters (Thursdays) plus the yearly promotions, in send order."""
    thursday = t0 + (3 - (t0 // DAY + 3) % 7) % 7 * DAY
    news = np.arange(thursday + 15 * 3600, t1, NEWSLETTER_EVERY_DAYS * DAY)
    dates = news.astype("datetime64[s]").astype("datetime64[D]").astype(str)
    sends = [(int(t), f"trail_notes_{d.replace('-', '_')}", f"Trail Notes {d}") for t, d in zip(news, dates)]
    years = range(int(str(np.datetime64(t0, "s"))[:4]), int(str(np.datetime64(t1, "s"))[:4]) + 1)
    sends += [(t, f"{slug}_{y}", f"{title} ({y})") for y in years for m, d, slug, title in PROMOTIONS
              if t0 <= (t := epoch(f"{y}-{m:02d}-{d:02d}") + 14 * 3600) < t1]
    sends.sort()
    t = np.array([x[0] for x in sends], np.int64)
    month = t.astype("datetime64[s]").astype("datetime64[M]").astype(int) % 12
    return dict(t=t, season=OPEN_SEASON[month], slug=[x[1] for x in sends], title=[x[2] for x in sends])


