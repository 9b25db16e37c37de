"""Plain names for what the data calls things: GA4's recommended and automatically collected
events and the common events of Segment, Mixpanel and Amplitude ("add_to_cart" → "Added to
cart"), and page paths → page names by rules a user can edit ("/pricing" → "Pricing page", so
"page_view /pricing" reads "Viewed pricing page").

Names are for reading only: views, filters and exports keep the raw touchpoint (exports put the
readable name beside it), so a renamed page never changes a count.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Callable

import pandas as pd

from .conditions import Condition, ConditionError, from_regex, to_regex

# Keys are compared lower-case with spaces, dashes and underscores alike ("Order Completed").
EVENT_NAMES = {
    # GA4 automatically collected and enhanced-measurement events
    "first_visit": "First visit", "session_start": "Visit started", "user_engagement": "Engaged with a page",
    "page_view": "Viewed a page", "screen_view": "Viewed a screen", "scroll": "Scrolled down a page",
    "click": "Clicked an outbound link", "file_download": "Downloaded a file", "form_start": "Started a form",
    "form_submit": "Form sent", "video_start": "Started a video", "video_progress": "Watched part of a video",
    "video_complete": "Watched a video", "view_search_results": "Searched the site", "first_open": "First app open",
    # GA4 recommended events
    "add_payment_info": "Added payment details", "add_shipping_info": "Added shipping details",
    "add_to_cart": "Added to cart", "add_to_wishlist": "Added to wishlist", "begin_checkout": "Started checkout",
    "generate_lead": "Lead form sent", "login": "Logged in", "purchase": "Purchased", "refund": "Refunded",
    "remove_from_cart": "Removed from cart", "search": "Searched", "select_content": "Chose content",
    "select_item": "Chose a product", "select_promotion": "Chose a promotion", "share": "Shared",
    "sign_up": "Signed up", "view_cart": "Viewed cart", "view_item": "Viewed a product",
    "view_item_list": "Viewed a product list", "view_promotion": "Saw a promotion", "join_group": "Joined a group",
    "tutorial_begin": "Started the tutorial", "tutorial_complete": "Finished the tutorial",
    "qualify_lead": "Lead qualified", "disqualify_lead": "Lead disqualified", "working_lead": "Lead contacted",
    "close_convert_lead": "Lead won", "close_unconvert_lead": "Lead lost",
    # Segment / Mixpanel / Amplitude / Snowplow common events
    "order_completed": "Purchased", "checkout_completed": "Purchased", "checkout_started": "Started checkout",
    "product_viewed": "Viewed a product", "product_added": "Added to cart", "product_removed": "Removed from cart",
    "cart_viewed": "Viewed cart", "products_searched": "Searched", "product_list_viewed": "Viewed a product list",
    "signed_up": "Signed up", "user_signed_up": "Signed up", "signed_in": "Logged in", "form_submitted": "Form sent",
    "lead": "Lead form sent", "contact_form_submitted": "Contact form sent", "request_a_quote": "Asked for a quote",
    "application_opened": "Opened the app", "page_ping": "Stayed on a page", "session_end": "Visit ended",
    "$identify": "Identified", "$mp_session_record": "Session recorded",
    # The same actions as Mixpanel's and Amplitude's own events and common hand-named tracking
    # plans say them, so one action reads the same whichever tool sent it.
    "viewed_product": "Viewed a product", "view_product": "Viewed a product", "product_view": "Viewed a product",
    "added_to_cart": "Added to cart", "add_to_bag": "Added to cart", "added_to_bag": "Added to cart",
    "removed_from_cart": "Removed from cart", "started_checkout": "Started checkout",
    "checkout_begun": "Started checkout", "order_placed": "Purchased", "placed_order": "Purchased",
    "order_complete": "Purchased", "purchased": "Purchased", "completed_order": "Purchased",
    "page_viewed": "Viewed a page", "viewed_page": "Viewed a page", "pageview": "Viewed a page",
    "page": "Viewed a page", "$pageview": "Viewed a page", "$mp_web_page_view": "Viewed a page",
    "screen_viewed": "Viewed a screen", "viewed_cart": "Viewed cart", "searched_products": "Searched",
    "session_started": "Visit started", "start_session": "Visit started", "end_session": "Visit ended",
}
# What a tool puts before its own automatic events ("[Amplitude] Page Viewed").
TOOL_PREFIX = re.compile(r"^\s*\[[^\]]{1,40}\]\s*")
# Touchpoint names built at load for web pages (queries/ingest/map_web.sql): "page_view <path>".
PAGE_VIEW = re.compile(r"^page_view (?P<path>/.*)$")

# (path pattern, page name), first match wins; "*" in a name is the page's own name from its
# path ("/products/summit-down-jacket" → "Summit down jacket").
DEFAULT_PAGE_NAMES = (
    (r"^/$", "Home page"),
    (r"^/(pricing|plans)", "Pricing page"),
    (r"^/checkout/(thank-you|thanks|success|confirmation|complete)", "Order confirmation"),
    (r"^/checkout", "Checkout"),
    (r"^/(cart|basket)", "Cart"),
    (r"^/products?/", "Product: *"),
    (r"^/(blog|articles?|guides?)/", "Article: *"),
    (r"^/(contact|contact-us)", "Contact page"),
    (r"^/(account|my-account)", "Account page"),
    (r"^/(login|sign-in|signin)", "Sign-in page"),
    (r"^/(signup|sign-up|register|join)", "Sign-up page"),
    (r"^/search", "Search results"),
)
PAGE_NAMES_SETTING = "page_names"


def _key(event: str) -> str:
    """ "[Amplitude] Page Viewed", "page-viewed", "PAGE_VIEWED" → "page_viewed"."""
    return re.sub(r"[\s_.-]+", "_", TOOL_PREFIX.sub("", event).strip().lower())


def _pretty(segment: str) -> str:
    words = re.sub(r"[-_+]+|%20", " ", segment).strip()
    return words[:1].upper() + words[1:] if words else ""


def _last_segment(path: str) -> str:
    return next((s for s in reversed(path.split("/")) if s), "")


def page_name(path: str, rules=DEFAULT_PAGE_NAMES) -> str:
    """ "/pricing" → "Pricing page"; a path no rule names is named after its last part."""
    for pattern, name in _compiled(tuple(rules)):
        if pattern.search(path):
            return name.replace("*", _pretty(_last_segment(path)) or "page")
    own = _pretty(_last_segment(path))
    return f"{own} page" if own else "Home page"


_compiled_rules: dict[tuple, list] = {}


def _compiled(rules: tuple) -> list:
    if rules not in _compiled_rules:
        _compiled_rules[rules] = [(re.compile(p, re.IGNORECASE), n) for p, n in rules]
    return _compiled_rules[rules]


def readable(node, rules=DEFAULT_PAGE_NAMES) -> str:
    """The plain name of a touchpoint (or any journey node): known events and page views get
    one; channels, campaigns and names a person wrote pass through."""
    if node is None or (isinstance(node, float) and math.isnan(node)):
        return "–"
    node = str(node)
    page = PAGE_VIEW.match(node)
    if page:
        name = page_name(page["path"], rules)
        return "Viewed " + (name[:1].lower() + name[1:] if name[1:2].islower() or name[1:2] == " " else name)
    if node.startswith("(no ") and node.endswith(")"):   # "(no campaign)" from the flows
        return "No " + node[4:-1]
    return EVENT_NAMES.get(_key(node)) or TOOL_PREFIX.sub("", node) or node


def namer(rules=DEFAULT_PAGE_NAMES) -> Callable[[str], str]:
    """readable() with these page rules, remembering each answer (pages name the same nodes often)."""
    seen: dict = {}
    rules = tuple(tuple(r) for r in rules)

    def name(node) -> str:
        if node not in seen:
            seen[node] = readable(node, rules)
        return seen[node]
    return name


def telling_apart(name: Callable[[str], str], nodes) -> Callable[[str], str]:
    """name(), but where two of these nodes share a readable name (Mixpanel's "Viewed Product" and
    GA4's view_item) the raw one follows it, so a picker or a chart's bars keep them apart."""
    seen: dict[str, set] = {}
    for node in nodes:
        seen.setdefault(name(node), set()).add(node)
    clashing = {said for said, raw in seen.items() if len(raw) > 1}

    def label(node) -> str:
        said = name(node)
        return f"{said} ({node})" if said in clashing else said
    return label


def page_rules(settings: dict) -> tuple[tuple[str, str], ...]:
    """The workspace's page-name rules (its "page_names" setting), or the defaults."""
    text = settings.get(PAGE_NAMES_SETTING)
    if not text:
        return DEFAULT_PAGE_NAMES
    try:
        return tuple((str(p), str(n)) for p, n in json.loads(text))
    except (ValueError, TypeError):
        return DEFAULT_PAGE_NAMES    # a setting written by hand that is not ours


def page_rules_setting(rules) -> str:
    return json.dumps([list(r) for r in rules])


def check_page_rules(rows) -> tuple[tuple[str, str], ...]:
    """(Condition, name) rows from the editor → (pattern, name) rules; blank names are dropped."""
    rules = []
    for i, (condition, name) in enumerate(rows, start=1):
        name = str(name or "").strip()
        if not name:
            continue
        try:
            pattern = to_regex(condition)
        except ConditionError as exc:
            raise ConditionError(f"In page name rule {i}: {exc}") from None
        if pattern is None:
            raise ConditionError(f'In page name rule {i}, say which pages are called "{name}".')
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConditionError(f'In page name rule {i}, "{pattern}" is not a valid pattern ({exc}).') from None
        rules.append((pattern, name))
    return tuple(rules)


def editable_page_rules(rules) -> list[tuple[Condition, str]]:
    return [(from_regex(p), n) for p, n in rules]


def beside(frame: pd.DataFrame, column: str, name: Callable[[str], str], header: str | None = None) -> pd.DataFrame:
    """The frame with the readable name of `column` right after it (exports keep both)."""
    if column not in frame:
        return frame
    return _insert_after(frame, column, header or f"{column}_name", _named(frame[column], name))


def _named(values: pd.Series, name: Callable[[str], str]) -> list:
    """name() of each value, worked out once per distinct value (a million touchpoints have a
    few hundred names); a missing value reads "–"."""
    codes, distinct = pd.factorize(values)
    plain = [name(v) for v in distinct] + ["–"]
    return [plain[c] for c in codes]


# Columns of the views' frames that hold journey nodes (raw touchpoint names, or channels…), and
# those that hold whole journeys of them (" > " between steps), with the header of their plain
# name. Exports keep the raw column (what a filter or a rule matches) and put the name after it.
NODE_COLUMNS = {"touchpoint": "touchpoint_name", "source": "source_name", "target": "target_name",
                "node": "node_name", "next": "next_name", "step": "step_name", "name": "plain_name"}
PATH_COLUMNS = {"path": "path_names", "journey": "journey_names", "context": "context_names"}


def with_plain_names(frame: pd.DataFrame, name: Callable[[str], str] = readable, columns=None) -> pd.DataFrame:
    """The frame with each node or journey column followed by its readable name ("touchpoint",
    "touchpoint_name"): the one way exports and downloads name things. `columns` says which
    (default: every one of NODE_COLUMNS and PATH_COLUMNS the frame has as text; a "source" in
    the touchpoints table is a traffic source, so callers that know better say so)."""
    chosen = [c for c in (columns if columns is not None else [*NODE_COLUMNS, *PATH_COLUMNS])
              if c in frame and not pd.api.types.is_numeric_dtype(frame[c].dtype)]
    for column in chosen:
        header = PATH_COLUMNS.get(column) or NODE_COLUMNS.get(column) or f"{column}_name"
        if header in frame:
            continue      # named already (a page that showed the names first)
        journey = column in PATH_COLUMNS
        frame = _insert_after(frame, column, header,
                              _named(frame[column], (lambda p: path_text(p, name)) if journey else name))
    return frame


def _insert_after(frame: pd.DataFrame, column: str, header: str, values) -> pd.DataFrame:
    out = frame.copy()
    out.insert(list(frame.columns).index(column) + 1, header, values)
    return out


def path_text(path: str, name: Callable[[str], str], sep: str = " > ") -> str:
    """"page_view / > view_item" → "Viewed home page → Viewed a product"."""
    return " → ".join(name(step) for step in str(path).split(sep)) if path else "–"


KIND_WORDS = {"web": "a website visit", "call": "a call", "email": "an email", "other": "another touchpoint"}


def describe(field: str, value: str, negate: bool = False, first: bool = False,
             name: Callable[[str], str] = readable) -> str | None:
    """A segment condition as a person says it ("Had a call", "First came through Email"), or
    None for fields better said by the segments module (dates, attributes)."""
    if field == "kind" and value in KIND_WORDS:
        what = KIND_WORDS[value]
        return f"First touchpoint was {what}" if first else f"{'Never had' if negate else 'Had'} {what}"
    if field == "channel":
        return (f"First came {'not ' if negate else ''}through {value}" if first
                else f"{'Never came' if negate else 'Came'} through {value}")
    if field == "touchpoint":
        step = f"“{name(value)}”"
        return (f"First touchpoint was {'not ' if negate else ''}{step}" if first
                else f"{'Never had' if negate else 'Had'} {step}")
    if field == "stage":
        return (f"Started {'outside' if negate else 'in'} the {value} stage" if first
                else f"{'Never reached' if negate else 'Reached'} the {value} stage")
    if field == "campaign":
        return (f"First came {'not ' if negate else ''}from the {value} campaign" if first
                else f"{'Never came' if negate else 'Came'} from the {value} campaign")
    return None
