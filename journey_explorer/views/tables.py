"""The data itself: touchpoints, rejects, loads, and the values the sidebar filters offer."""
from __future__ import annotations

import re

import pandas as pd

from .. import db
from ..filters import Filters, register_scope
from ..privacy import EMAIL, PHONE, mask_frame

# The columns warehouse connectors add (as ingest.layouts.CONNECTOR_METADATA; views sit beside
# ingest, not above it).
METADATA = re.compile(r"^_(fivetran|airbyte|sdc|dlt)_|^_(file|line|modified|row|index)$", re.IGNORECASE)
# Ids a tracking tool stamps on each event or device ($insert_id, messageId, amplitude_id …): a
# filter or a split on them picks out one event or one person, never a group.
TECHNICAL_ID = re.compile(r"(^|[.$ ])id$|(^|[._$ ])(\$?insert_?id|message_?id|event_?id|event_?uuid|uuid|guid|amplitude_?id|"
                          r"distinct_?id|device_?id|anonymous_?id|user_?pseudo_?id|ga_?session_?id|session_?id|"
                          r"event_?bundle_?sequence_?id|stream_?id|leid|euid|ip|ip_?address|gclid|fbclid|msclkid|dclid|wbraid|gbraid)$",
                          re.IGNORECASE)
# A person's name, by its column's name ("Billing Name", "first_name", Meta's fn / ln).
PERSON_NAME = re.compile(r"(^|[._$ ])((billing|shipping|first|last|full|given|family|middle|customer|contact|caller|"
                         r"person|recipient|sender|display|user)[ _-]?name|surname|fn|ln)$", re.IGNORECASE)
HEX_HASH = re.compile(r"^([0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$")
BASE64 = re.compile(r"^[A-Za-z0-9+/_-]{22,}={0,2}$")
MASKED = re.compile(r"\*{3}")
# A call-tracking line is the business's own number, one per ad or page: worth filtering by (the
# sidebar masks its values on screen all the same).
TRACKING_LINE = re.compile(r"tracking", re.IGNORECASE)
IDENTIFIER_SHARE, MIN_VALUES_TO_JUDGE = 0.9, 20
SHAPE_SHARE = 0.5     # of a column's distinct values: more hashed (or emails …) than not, and it is that


def touchpoints(con, filters: Filters | None = None) -> pd.DataFrame:
    """The touchpoints columns (no emails or phone numbers are in them: ids are pseudonymous)."""
    register_scope(con, filters)
    return db.frame(con, "views/tables/touchpoints")


def rejects(con, show_pii: bool = False, files: list[str] | None = None) -> pd.DataFrame:
    """Rejected rows (of these files only, when given); reasons and raw rows masked unless show_pii
    (a reason may quote the value it could not read)."""
    frame = db.frame(con, "views/tables/rejects", files=files)
    return frame if show_pii else mask_frame(frame)


def loads(con) -> pd.DataFrame:
    return db.frame(con, "views/tables/loads")


def filter_choices(con) -> dict:
    """Values the sidebar offers: kinds, channels and the date range of the workspace."""
    kinds, channels, first, last = db.rows(con, "views/tables/filter_choices")[0]
    return {"kinds": kinds or [], "channels": channels or [], "first": first, "last": last}


def attribute_values(con, name: str) -> list[str]:
    return [r[0] for r in db.rows(con, "views/tables/attribute_values", path=f'$."{name}"')]


def attribute_names(con, rows: int = 5_000) -> list[str]:
    """The kept attributes worth offering as a filter or a split (offered())."""
    return [name for name, n, distinct, customers, sample in db.rows(con, "views/tables/attribute_profile",
                                                                       rows=int(rows), sample=200)
            if offered(name, n, distinct, sample, customers)]


def offered(name: str, n: int | None, distinct: int, sample, customers: int | None = None) -> bool:
    """Whether an attribute is worth picking from a list: not empty, not connector metadata, a
    technical id or a person's name (by its name), not nearly always distinct (an identifier of
    a touchpoint, or of a person: a value per customer),
    and its values not mostly hashes, emails, phone numbers or masked ***. All stay in attrs,
    usable by typing their name. n is None for an attribute too rare to be in the sample: only its
    name can be judged."""
    if METADATA.search(name) or TECHNICAL_ID.search(name) or PERSON_NAME.search(name):
        return False
    if n is None:
        return True
    if not n:
        return False
    if n >= MIN_VALUES_TO_JUDGE and distinct >= IDENTIFIER_SHARE * n:
        return False
    if (customers or 0) >= MIN_VALUES_TO_JUDGE and distinct >= IDENTIFIER_SHARE * customers:
        return False
    values = [str(v).strip().lstrip("'") for v in sample or ()]
    shapes = (_hashed, _email, _masked) if TRACKING_LINE.search(name) else (_hashed, _email, _phone, _masked)
    return not values or not any(sum(map(shape, values)) >= SHAPE_SHARE * len(values) for shape in shapes)


def _hashed(value: str) -> bool:
    """MD5/SHA hex, or a base64 id: random letters and digits switch case or class every few
    characters, where a CamelCase name ("SpringSale2024EmailBlast") switches once a word."""
    if HEX_HASH.match(value):
        return True
    if not BASE64.match(value):
        return False
    body = value.rstrip("=")
    classes = ["d" if c.isdigit() else "u" if c.isupper() else "l" for c in body if c.isalnum()]
    switches = sum(a != b for a, b in zip(classes, classes[1:]))
    return value.endswith("=") or ({"d", "u", "l"} <= set(classes) and switches >= 0.45 * len(classes))


def _email(value: str) -> bool:
    return bool(EMAIL.fullmatch(value))


def _phone(value: str) -> bool:
    found = PHONE.search(value)
    return bool(found) and found.end() - found.start() >= 0.8 * len(value)


def _masked(value: str) -> bool:
    return bool(MASKED.search(value))


VIEWS = {"touchpoints": touchpoints, "rejects": rejects}
