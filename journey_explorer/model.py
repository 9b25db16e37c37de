"""The data model in one place: canonical columns, mapping fields and default rules.

DESIGN.md says the same in prose. Rules are data: these defaults are copied into each workspace,
where users edit them (Data page) and re-apply them without re-uploading.
"""
from __future__ import annotations

import difflib

KINDS = ("web", "call", "email", "other")

TOUCHPOINT_COLUMNS = (
    "customer_id", "ts", "kind", "touchpoint", "channel", "source", "medium", "campaign",
    "keyword", "value", "is_conversion", "stage", "session_id", "attrs", "origin_file", "origin_row",
)

# Hits analytics tools log on their own; left out of journeys by default in the app, so
# touchpoints also numbers each journey without them (visible_step). Changing the list needs
# workspaces rebuilt (see db.MODEL_COLUMNS).
TECHNICAL_EVENTS = ("first_visit", "session_start", "user_engagement", "page_ping", "scroll", "$identify",
                    "$mp_session_record", "Application Opened", "session_end")

# Columns a filter may name directly (attributes are addressed as attrs.<name>).
FILTER_COLUMNS = ("customer_id", "kind", "touchpoint", "channel", "source", "medium", "campaign",
                  "keyword", "stage", "session_id", "origin_file")

STAGES = ("Awareness", "Consideration", "Purchase", "Experience", "Loyalty")

# What a column of an export can be mapped to, with the words the mapping step shows.
FIELDS = {
    "user_id": "Customer / user id",
    "anonymous_id": "Anonymous / device / client id",
    "email": "Email address",
    "phone": "Phone number",
    "timestamp": "Timestamp",
    "event": "Event / action",
    "page": "Page or URL",
    "referrer": "Referrer",
    "source": "Source",
    "medium": "Medium",
    "campaign": "Campaign",
    "keyword": "Keyword / term",
    "value": "Value / revenue",
    "session_id": "Session id",
    "gclid": "Google click id (gclid)",
    "duration": "Call duration (seconds)",
    "answered": "Answered / call status",
    "first_call": "First-time caller",
    "tracking_number": "Tracking number",
    "params": "Event parameters (JSON)",
    "ref_source": "Referrer source",
    "ref_medium": "Referrer medium",
}
IDENTIFIER_FIELDS = ("user_id", "email", "phone", "anonymous_id")

# Regex fragments modelled on GA4's default channel group definitions.
SEARCH = r"^(google|bing|yahoo|baidu|duckduckgo|yandex|ecosia|naver|ask|aol|startpage|qwant)(\.|$)"
SOCIAL = (r"^(facebook|fb|m\.facebook|l\.facebook|instagram|ig|linkedin|lnkd\.in|twitter|t\.co|x"
          r"|pinterest|reddit|tiktok|snapchat|quora|threads)(\.com)?$")
VIDEO = r"^(youtube|vimeo|twitch|dailymotion)(\.com)?$"
SHOPPING = r"^(amazon|ebay|etsy|walmart|shopify|google shopping|shopping)(\.com)?$"
PAID = r"^(.*cp.*|ppc|retargeting|paid.*)$"

# (channel, kind, source, medium, campaign): first match wins, NULL matches anything.
DEFAULT_CHANNEL_RULES = [
    # A call is grouped by its source and medium like any touchpoint (a call from a Google Ads
    # number is Paid Search); Phone is the channel of calls that came with no source.
    ("Phone", "call", r"^(\(direct\)|direct|\(none\))?$", None, None),
    ("Email", "email", None, None, None),
    ("Direct", None, r"^(\(direct\)|direct)?$", r"^(\(none\)|\(not set\)|none|direct)?$", None),
    ("Cross-network", None, None, None, r"cross-network"),
    ("Paid Shopping", None, SHOPPING, PAID, None),
    ("Paid Shopping", None, None, PAID, r"^(.*(([^a-df-z]|^)shop|shopping).*)$"),
    ("Paid Search", None, SEARCH, PAID, None),
    ("Paid Social", None, SOCIAL, PAID, None),
    ("Paid Video", None, VIDEO, PAID, None),
    ("Display", None, None, r"^(display|banner|expandable|interstitial|cpm)$", None),
    ("Paid Other", None, None, PAID, None),
    ("Organic Shopping", None, SHOPPING, None, None),
    ("Organic Social", None, SOCIAL, None, None),
    ("Organic Social", None, None, r"^(social|social-network|social-media|sm|social network|social media)$", None),
    ("Organic Video", None, VIDEO, None, None),
    ("Organic Video", None, None, r"video", None),
    ("Organic Search", None, SEARCH, None, None),
    ("Organic Search", None, None, r"^organic$", None),
    ("Email", None, r"e[-_ ]?mail|newsletter", None, None),
    ("Email", None, None, r"e[-_ ]?mail|newsletter", None),
    ("Referral", None, None, r"^(referral|app|link)$", None),
    ("Affiliates", None, None, r"^affiliate", None),
    ("Audio", None, None, r"^audio$", None),
    ("SMS", None, r"^sms$", None, None),
    ("SMS", None, None, r"^sms$", None),
    ("Mobile Push Notifications", None, r"firebase", None, None),
    ("Mobile Push Notifications", None, None, r"(mobile|notification)$", None),
    ("Referral", None, r".", None, None),
    ("Unassigned", None, None, None, None),
]

# (kind, touchpoint pattern): purchase, sign-up, lead/form submit, answered first-time call.
DEFAULT_CONVERSION_RULES = [
    ("web", r"^(purchase|order[ _]completed|checkout[ _]completed|transaction|ecommerce_purchase)$"),
    ("web", r"^(sign[ _-]?up|signed[ _]up|user[ _]signed[ _]up|registration|complete_registration)$"),
    ("web", r"^(generate_lead|lead|form[ _]submit(ted)?|submit[ _]form|contact[ _]form[ _]submitted|request[ _]a?[ _]?quote)$"),
    ("other", r"^(purchase|order[ _]completed|sign[ _-]?up|lead|form[ _]submit(ted)?|conversion)$"),
    ("call", r"^First call answered$"),
]

# (stage, kind, touchpoint pattern, journey_part): first match wins.
DEFAULT_STAGE_RULES = [
    ("Purchase", None, None, "first conversion"),
    ("Loyalty", None, None, "repeat conversion"),
    ("Loyalty", None, r"refer|review|loyalty|reward|invite", "after conversion"),
    ("Experience", None, None, "after conversion"),
    ("Consideration", None,
     r"pricing|product|view_item|cart|checkout|compare|demo|quote|contact|plan|Email clicked|^Call", "before conversion"),
    ("Awareness", None, None, None),
]
JOURNEY_PARTS = ("before conversion", "first conversion", "repeat conversion", "after conversion")

# timezone: where hours, weekdays and weeks of calls are read (an IANA name, e.g. Europe/London).
DEFAULT_SETTINGS = {"default_country": "US", "session_timeout_minutes": "30", "timezone": "UTC", "currency": ""}


def did_you_mean(word: str, choices) -> str:
    """' Did you mean "x"?' when a close choice exists, else ''."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f' Did you mean "{close[0]}"?' if close else ""
