"""Recognising an export by its columns, and guessing which column is which field.

Everything here is data: the words each tool uses for a field, and each layout's signature.
Column names are compared in a normal form ("Caller Number", "callerNumber", "caller.number"
and "$caller_number" are all ``caller_number``).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ..model import FIELDS, IDENTIFIER_FIELDS, KINDS

TIME_WORDS = ["event_timestamp", "derived_tstamp", "collector_tstamp", "event_time", "timestamp",
              "properties_time", "time", "start_time", "call_start_time", "call_start", "call_started_at",
              "started_at", "called_at", "call_date",
              "date_time", "datetime", "occurred_at", "created_at", "created", "event_date_time",
              "ts", "date", "sent_at", "received_at"]
EMAIL_WORDS = ["email", "email_address", "recipient", "properties_email", "context_traits_email",
               "traits_email", "customer_email",
               "e_mail", "subscriber_email", "contact_email", "mail", "recipient_email", "email_hash",
               "hashed_email", "email_sha256", "email_md5", "recipient_hash", "subscriber_hash"]
EVENT_WORDS = ["event_name", "event_type", "event", "action", "metric_name", "metric", "activity",
               "activity_type", "type", "event_action", "se_action", "name"]
PHONE_WORDS = ["customer_phone_number", "caller_number", "caller_phone_number", "caller_phone",
               "caller_id", "phone_number", "phone", "customer_phone", "from_number", "caller",
               "contact_phone", "mobile", "ani", "properties_phone", "context_traits_phone", "traits_phone"]

# Field → the column names tools use for it, most specific first.
ALIASES = {
    "timestamp": TIME_WORDS,
    "user_id": ["user_id", "userid", "customer_id", "crm_id", "account_id", "member_id",
                "external_id", "properties_user_id", "contact_id", "person_id"],
    "anonymous_id": ["user_pseudo_id", "anonymous_id", "domain_userid", "device_id", "distinct_id",
                     "properties_distinct_id", "client_id", "visitor_id", "cookie_id",
                     "network_userid", "amplitude_id"],
    "email": EMAIL_WORDS,
    "phone": PHONE_WORDS,
    "event": EVENT_WORDS,
    # Full URLs first: the path is derived from them, and their utm_* and gclid are read too.
    "page": ["page_location", "page_url", "context_page_url", "properties_current_url",
             "current_url", "url", "properties_url", "landing_page", "landing_page_url",
             "page_urlpath", "context_page_path", "page_path", "path", "properties_path", "page"],
    "referrer": ["page_referrer", "context_page_referrer", "referrer", "referer",
                 "properties_referrer", "properties_initial_referrer"],
    "source": ["source", "utm_source", "mkt_source", "context_campaign_source",
               "properties_utm_source", "campaign_source", "traffic_source",
               # Call-tracking tools name the ad or search that brought the call so (CTM).
               "tracking_source", "source_name", "call_source"],
    "medium": ["medium", "utm_medium", "mkt_medium", "context_campaign_medium",
               "properties_utm_medium", "campaign_medium"],
    "campaign": ["campaign", "utm_campaign", "mkt_campaign", "context_campaign_name",
                 "properties_utm_campaign", "campaign_name", "campaign_title", "email_campaign",
                 "marketing_campaign_name", "email_campaign_name", "campaign_id", "email_campaign_id"],
    "keyword": ["keyword", "keywords", "utm_term", "term", "mkt_term", "context_campaign_term",
                "properties_utm_term", "search_term", "search_keyword"],
    "value": ["value", "revenue", "call_value", "ecommerce_purchase_revenue", "purchase_revenue",
              "tr_total", "amount", "properties_revenue", "conversion_value", "event_value_in_usd",
              "transaction_value", "order_total", "order_value", "total_value", "price", "sale_value"],
    "session_id": ["session_id", "ga_session_id", "domain_sessionid", "properties_session_id", "session"],
    "gclid": ["gclid", "google_click_id", "collected_traffic_source_gclid"],
    "duration": ["duration_seconds", "duration", "talk_time", "call_duration", "duration_sec",
                 "call_length"],
    "answered": ["answered", "call_status", "status", "disposition", "answered_call", "call_answered"],
    "first_call": ["first_time_caller", "is_new_caller", "first_call", "new_caller", "is_first_call",
                   "first_time_call"],
    "tracking_number": ["tracking_phone_number", "tracking_number", "called_number",
                        "tracking_source_number", "dnis"],
    "params": ["event_params", "event_properties", "properties"],
    "ref_source": ["refr_source"],
    "ref_medium": ["refr_medium"],
}
assert set(ALIASES) == set(FIELDS), "every field has aliases"

# Attribute → column names; attributes are kept in attrs for segmenting.
ATTRIBUTES = {
    "device": ["device_category", "device_type", "dvce_type", "device_family", "device",
               "properties_device", "context_device_type"],
    "os": ["device_operating_system", "os_name", "os_family", "os", "properties_os"],
    "browser": ["device_web_info_browser", "br_family", "browser", "properties_browser"],
    "platform": ["platform", "properties_platform"],
    "country": ["geo_country", "country", "country_code", "mp_country_code",
                "properties_mp_country_code", "customer_country", "context_location_country"],
    "region": ["geo_region", "region", "customer_state", "state", "properties_region"],
    "city": ["geo_city", "city", "customer_city", "properties_city"],
    "first_source": ["traffic_source_source"],
    "first_medium": ["traffic_source_medium"],
    "first_campaign": ["traffic_source_name"],
    "landing_page": ["landing_page", "landing_page_url"],
    "tracking_number": ["tracking_phone_number", "tracking_number"],
    "call_duration": ["duration_seconds", "duration", "talk_time", "call_duration"],
    # A file's own channel: touchpoint_rows keeps it instead of the channel rules'.
    "channel": ["channel", "acquisition_channel", "marketing_channel", "default_channel_group",
                "session_default_channel_group", "traffic_channel"],
    "segment": ["segment", "cohort", "plan", "tier", "customer_type"],
}

EMAIL_ACTIONS = re.compile(r"open|click|bounce|deliver|sent|send|unsub|spam|process|drop|defer|receiv",
                           re.IGNORECASE)
# Words only email tools log: without an email column, the events must show one of them.
EMAIL_ONLY = re.compile(r"open|bounce|deliver|unsub|spam|email", re.IGNORECASE)
# Columns a warehouse connector adds (Fivetran, Airbyte, Stitch, dlt): kept, never recognised.
CONNECTOR_METADATA = re.compile(r"^_(fivetran|airbyte|sdc|dlt)_|^_(file|line|modified|row|index)$",
                                re.IGNORECASE)
HASH = re.compile(r"^\s*([0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64})\s*$")


@dataclass(frozen=True)
class Layout:
    name: str
    kind: str
    # Each group lists column names of which at least one must be present.
    signature: tuple[tuple[str, ...], ...]
    # Field → names to prefer over the general aliases for this layout.
    prefer: dict[str, tuple[str, ...]] = field(default_factory=dict)


LAYOUTS = [
    Layout("GA4 export", "web",
           (("event_timestamp",), ("event_name",), ("user_pseudo_id",))),
    Layout("Snowplow events", "web",
           (("domain_userid", "network_userid"), ("collector_tstamp", "derived_tstamp"),
            ("event", "event_name", "page_urlpath")),
           prefer={"event": ("event_name", "event"), "source": ("mkt_source",),
                   "medium": ("mkt_medium",), "campaign": ("mkt_campaign",), "keyword": ("mkt_term",)}),
    Layout("Amplitude export", "web",
           (("event_type",), ("event_time",), ("amplitude_id", "device_id"))),
    Layout("Mixpanel export", "web",
           (("event",), ("properties_time", "time"), ("properties_distinct_id", "distinct_id"),
            ("properties_insert_id", "insert_id", "properties_current_url", "current_url",
             "mp_country_code", "properties_mp_country_code", "properties_mp_lib", "mp_lib",
             "properties_mp_api_endpoint", "mp_processing_time_ms", "properties_mp_processing_time_ms",
            "properties")),
           # $device_id links the anonymous and the identified events of one person.
           prefer={"anonymous_id": ("properties_device_id", "device_id", "properties_distinct_id", "distinct_id")}),
    Layout("Segment export", "web",
           (("anonymous_id",), ("timestamp",),
            ("received_at", "sent_at", "message_id", "original_timestamp", "context_library_name",
             "context_page_path", "context_page_url", "event_text"))),
    Layout("Call log", "call",
           (tuple(PHONE_WORDS), tuple(TIME_WORDS),
            ("duration_seconds", "duration", "talk_time", "call_duration", "tracking_phone_number",
             "tracking_number", "call_status", "answered", "first_time_caller", "is_new_caller"))),
    Layout("Email activity", "email",
           (tuple(EMAIL_WORDS + ALIASES["user_id"] + ALIASES["anonymous_id"]), tuple(EVENT_WORDS),
            tuple(TIME_WORDS))),
    Layout("Event log", "other",
           (tuple(ALIASES["user_id"] + ALIASES["anonymous_id"] + EMAIL_WORDS + PHONE_WORDS),
            tuple(EVENT_WORDS), tuple(TIME_WORDS))),
]
# One row per customer (a CRM list): customer fields, not touchpoints; recognised by contact_list.
CONTACTS = Layout("Contact list", "contacts", ())
# Rows of several kinds (calls, emails, meetings): a kind per row, recognised by ingest/activities.py.
ACTIVITIES = Layout("CRM activities", "activities", ())
LAYOUT_NAMES = [layout.name for layout in LAYOUTS + [CONTACTS, ACTIVITIES]]


def normal_name(column: str) -> str:
    """'Caller Number', 'callerNumber', 'caller.number', '$caller_number' → 'caller_number'."""
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", str(column))
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def is_metadata(column: str) -> bool:
    """A connector's bookkeeping column (_fivetran_synced, _airbyte_raw_id, _sdc_batched_at, _file …)."""
    return bool(CONNECTOR_METADATA.search(str(column).strip()))


def _index(columns) -> dict[str, str]:
    """normal name → first original column with that name (connector metadata left out)."""
    found: dict[str, str] = {}
    for col in columns:
        if not is_metadata(col):
            found.setdefault(normal_name(col), col)
    return found


def _matches(layout: Layout, names: dict[str, str], sample: dict[str, list]) -> bool:
    if not all(any(word in names for word in group) for group in layout.signature):
        return False
    if layout.name == "Email activity":
        return _email_events(names, sample, layout)
    return True


def _email_events(names: dict[str, str], sample: dict[str, list], layout: Layout) -> bool:
    """Email tools log opens and clicks; a customer event log with an email column does not. Without
    an email column (a recipient id or hash) the values alone must say email."""
    guessed = guess_mapping(names.values(), layout)
    values = [str(v) for v in sample.get(guessed["event"], []) if present(v)]
    mostly = sum(bool(EMAIL_ACTIONS.search(v)) for v in values) >= len(values) / 2
    if guessed["email"]:
        return not values or mostly
    # Without one, a stricter test: a customer event log may hold a few email events too.
    return _shaped(values, EMAIL_ACTIONS) and any(EMAIL_ONLY.search(v) for v in values)


def detect_layout(columns, sample: dict[str, list] | None = None) -> Layout | None:
    """The first layout whose signature the columns carry (most specific layouts first); failing
    that, the email activity or event log the values show (see by_values)."""
    names = _index(columns)
    for layout in LAYOUTS:
        if _matches(layout, names, sample or {}):
            return layout
    return contact_list(columns, sample or {}) or by_values(columns, sample or {})


def contact_list(columns, sample: dict[str, list]) -> Layout | None:
    """A CRM list: identifiers (email, phone, an id), no event column, one row per contact (its
    identifier nearly always distinct). Its columns become customer fields (ingest/contacts.py)."""
    guessed = guess_mapping(columns)
    ids = [guessed[f] for f in ("user_id", "email", "phone") if guessed[f]]
    # "Name" and "Type" say event only beside a time; on a CRM list they are the person's.
    if (guessed["event"] and normal_name(guessed["event"]) not in ("name", "type")) or not ids:
        return None
    size = max(len(sample.get(c, [])) for c in ids)
    rows = [key for key in zip(*(list(sample.get(c, [])) + [None] * (size - len(sample.get(c, []))) for c in ids))
            if any(map(present, key))]
    return CONTACTS if rows and len(set(rows)) >= 0.9 * len(rows) else None


def present(value) -> bool:
    """A sample value that is there: not None, "" or a pandas NaN."""
    return value is not None and value == value and value != ""


def _shaped(values: list, shape: re.Pattern) -> bool:
    values = [str(v) for v in values if present(v)]
    return bool(values) and sum(bool(shape.search(v)) for v in values) >= 0.8 * len(values)  # shapes say ^…$


def by_values(columns, sample: dict[str, list]) -> Layout | None:
    """When the names do not say it: a column of timestamps, one of emails, phones or hashes, and
    an event column (by its name, or values that are email actions) make an email activity
    (email actions) or an event log; anything less stays unknown, for the mapping step."""
    free = [c for c in columns if not is_metadata(c) and c in sample]
    shapes = dict(VALUE_SHAPES)
    found = {fld: next((c for c in free if _shaped(sample[c], shape)), None)
             for fld, shape in (("timestamp", shapes["timestamp"]), ("email", shapes["email"]),
                                ("hash", HASH), ("phone", shapes["phone"]))}
    person = found["email"] or found["hash"] or found["phone"]
    if not found["timestamp"] or not person or person == found["timestamp"]:
        return None
    event = guess_mapping(columns)["event"] or next(
        (c for c in free if c not in found.values() and _shaped(sample[c], EMAIL_ACTIONS)), None)
    if event is None:
        return None
    slot = "phone" if person == found["phone"] else "email"
    actions = [str(v) for v in sample.get(event, []) if present(v)]
    if slot == "email" and _shaped(actions, EMAIL_ACTIONS) and any(EMAIL_ONLY.search(v) for v in actions):
        return Layout("Email activity", "email", (), prefer={"event": (normal_name(event),),
                      "email": (normal_name(person),), "timestamp": (normal_name(found["timestamp"]),)})
    return Layout("Event log", "other", (), prefer={"event": (normal_name(event),),
                  slot: (normal_name(person),), "timestamp": (normal_name(found["timestamp"]),)})


def layout_by_name(name: str) -> Layout:
    for layout in LAYOUTS + [CONTACTS, ACTIVITIES]:
        if layout.name == name:
            return layout
    raise KeyError(name)


def guess_mapping(columns, layout: Layout | None = None) -> dict[str, str | None]:
    """Field → the column that most likely holds it (None where nothing fits)."""
    names = _index(columns)
    used: set[str] = set()
    mapping: dict[str, str | None] = {}
    for fld, aliases in ALIASES.items():
        preferred = tuple(layout.prefer.get(fld, ())) if layout else ()
        pick = next((names[a] for a in preferred + tuple(aliases)
                     if a in names and names[a] not in used), None)
        mapping[fld] = pick
        if pick is not None and fld not in ("page",):
            used.add(pick)
    return mapping


def guess_attributes(columns, mapping: dict[str, str | None]) -> dict[str, str]:
    """Attribute name → column, for the columns tools use for device, country and the like."""
    names = _index(columns)
    taken = {c for c in mapping.values() if c}
    attrs: dict[str, str] = {}
    for attr, aliases in ATTRIBUTES.items():
        pick = next((names[a] for a in aliases if a in names), None)
        if pick is not None and (pick not in taken or attr in ("landing_page", "tracking_number", "call_duration")):
            attrs[attr] = pick
    return attrs


@dataclass
class Mapping:
    """How one file's columns become touchpoints; saved as JSON and reused with --mapping."""
    layout: str
    kind: str
    columns: dict[str, str | None]
    attributes: dict[str, str] = field(default_factory=dict)
    # The column whose "identify" values mark rows of customer attributes, not touchpoints.
    profiles: str | None = None

    def to_json(self) -> str:
        return json.dumps({"layout": self.layout, "kind": self.kind,
                           "columns": {k: v for k, v in self.columns.items() if v},
                           "attributes": self.attributes}
                          | ({"profiles": self.profiles} if self.profiles else {}), indent=2)

    @classmethod
    def from_json(cls, text: str) -> "Mapping":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"The mapping file is not valid JSON ({exc.msg} at line {exc.lineno}).") from None
        if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
            raise ValueError('The mapping file needs a "columns" object, e.g. {"columns": {"timestamp": "Date"}}.')
        unknown = [k for k in data["columns"] if k not in FIELDS]
        if unknown:
            from ..model import did_you_mean
            raise ValueError(f'The mapping names an unknown field "{unknown[0]}".' + did_you_mean(unknown[0], FIELDS))
        kind = data.get("kind", "other")
        if kind not in KINDS + (CONTACTS.kind, ACTIVITIES.kind):
            raise ValueError(f'The mapping\'s kind "{kind}" should be one of {", ".join(KINDS)}, contacts or activities.')
        columns = {f: data["columns"].get(f) for f in FIELDS}
        return cls(data.get("layout", "Custom mapping"), kind, columns, dict(data.get("attributes", {})),
                   data.get("profiles") or None)


def auto_mapping(columns, sample: dict[str, list] | None = None) -> Mapping | None:
    layout = detect_layout(columns, sample)
    if layout is None:
        return None
    columns = list(columns)
    mapping = hashed_recipient(guess_mapping(columns, layout), sample or {})
    if layout is CONTACTS:  # identifiers only: every other column is a customer field as it is
        return Mapping(layout.name, layout.kind, {f: c if f in IDENTIFIER_FIELDS else None
                                                  for f, c in mapping.items()})
    return Mapping(layout.name, layout.kind, mapping, guess_attributes(columns, mapping))


def hashed_recipient(mapping: dict[str, str | None], sample: dict[str, list]) -> dict[str, str | None]:
    """A user id column of MD5/SHA hex (Mailchimp's member_id) is a hashed email: mapped as the
    email, it stitches with the plain addresses of other files (see ingest/finalize.sql)."""
    column = mapping.get("user_id")
    values = [str(v) for v in sample.get(column, []) if present(v)]
    if mapping.get("email") or not values or not all(HASH.match(v) for v in values):
        return mapping
    return {**mapping, "email": column, "user_id": None}


VALUE_SHAPES = [
    ("email", re.compile(r"^\s*[^@\s]+@[^@\s]+\.[A-Za-z]{2,}\s*$")),
    ("timestamp", re.compile(r"^\s*(\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}.*)?|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}( \d{1,2}:\d{2}.*)?|1\d{9}(\d{3}|\d{6})?)\s*$")),
    ("page", re.compile(r"^\s*(https?://\S+|/[\w\-./%]*)\s*$")),
    ("phone", re.compile(r"^\s*\+?[\d\s().-]{9,20}\s*$")),
    ("value", re.compile(r"^\s*[$€£]?\s*-?\d+([.,]\d+)?\s*$")),
]


def guess_from_values(columns, sample: dict[str, list], mapping: dict[str, str | None]) -> dict[str, str | None]:
    """Fill fields the names did not give, from what the values look like (for unknown layouts)."""
    mapping = dict(mapping)
    taken = {c for c in mapping.values() if c}
    free = [c for c in columns if c not in taken]
    for fld, shape in VALUE_SHAPES:
        if mapping.get(fld):
            continue
        for col in free:
            values = [str(v) for v in sample.get(col, []) if v not in (None, "")]
            if values and sum(bool(shape.match(v)) for v in values) >= 0.8 * len(values):
                mapping[fld] = col
                free.remove(col)
                break
    texts = [c for c in free if any(v not in (None, "") for v in sample.get(c, []))]
    ratio = {c: len(set(sample[c])) / max(1, len(sample[c])) for c in texts}
    if not any(mapping.get(f) for f in ("user_id", "anonymous_id", "email", "phone")) and texts:
        ident = max(texts, key=lambda c: ratio[c])
        mapping["user_id"] = ident
        texts.remove(ident)
    if not mapping.get("event") and texts:
        mapping["event"] = min(texts, key=lambda c: ratio[c])
    return mapping
