"""Files whose rows are of several kinds, recognised by what their values say.

A CRM activity export (HubSpot engagements, Salesforce tasks, Pipedrive activities) has a
type-like column whose values are activity words: its calls become call touchpoints with their
outcome, its emails email touchpoints, its meetings, notes and tasks 'other'. An event stream
that mixes track events with identify messages (Segment, Mixpanel, Amplitude) sends the latter's
traits to the customers' fields. Both are found by the values, whatever the columns are called.
"""
from __future__ import annotations

import json
import re

from .layouts import EMAIL_WORDS as EMAIL_WORDS_ID
from .layouts import (ACTIVITIES, CONTACTS, PHONE_WORDS, TIME_WORDS, Mapping, auto_mapping, guess_attributes, guess_mapping,
                      is_metadata, normal_name, present)

KIND = ACTIVITIES.kind   # a mapping's kind: the rows' own kinds are call, email and other
# Words that are also a contact preference ("phone", "text") or anything at all ("other",
# "event") are left out: a CRM list's preferred_channel column is no activity type.
CALL_WORDS = ("call", "calls", "phone call", "logged call", "outbound call", "inbound call", "call logged",
              "cold call", "callback")
EMAIL_WORDS = ("email", "emails", "e mail", "incoming email", "forwarded email", "outgoing email",
               "list email", "listemail", "sent email", "logged email", "email sent", "mass email")
OTHER_WORDS = ("meeting", "meetings", "note", "notes", "task", "tasks", "todo", "to do", "deadline",
               "lunch", "sms", "linkedin", "linkedin message", "cadence", "demo", "follow up",
               "whats app", "whatsapp", "chat", "conversation session", "postal mail")
# Columns that say how a call went, most telling first: a task's status ("Completed") says
# little, a disposition ("No answer", "Left voicemail") says it all.
OUTCOME_WORDS = ("call_disposition", "hs_call_disposition", "disposition", "call_outcome",
                 "hs_call_outcome", "outcome", "call_result", "result", "call_status", "hs_call_status")
DURATION_WORDS = ("call_duration_in_seconds", "hs_call_duration", "call_duration_ms", "call_duration",
                  "call_duration_seconds", "duration_seconds", "duration_in_seconds", "duration_ms",
                  "duration_milliseconds", "duration")
ACTIVITY_TIME = ("hs_timestamp", "activity_date_time", "activity_timestamp", "engagement_timestamp",
                 "activity_date", "marked_as_done_time", "done_time", "completed_date_time", "timestamp",
                 "created_date", "created_at", "add_time", "due_date")
ACTIVITY_PEOPLE = ("contact_email", "email", "email_address", "person_email", "who_email",
                   "who_id", "contact_id", "person_id", "hs_contact_id", "lead_id")

# Identify-style messages: a person's attributes, not something the person did.
IDENTIFY_WORDS = ("identify", "$identify", "$set", "$set_once", "$people_set", "people set",
                  "profile update", "$profile_update")
# Where those messages keep the attributes: a JSON column or flattened columns with a prefix.
TRAIT_COLUMNS = ("traits", "context_traits", "user_properties", "$set", "set", "people_properties")
TRAIT_PREFIXES = ("context_traits_", "traits_", "user_properties_", "properties_$set_", "$set_")
# Traits that are a person's address or number: identifiers (an email is linked), never fields.
IDENTIFIER_TRAITS = sorted({normal_name(w) for w in EMAIL_WORDS_ID + PHONE_WORDS} | {"email", "phone", "mobile"})
HAS_TIME_OF_DAY = re.compile(r"\d:\d{2}")


def words(value) -> str:
    """'INCOMING_EMAIL', 'Incoming e-mail', ' incoming email ' → 'incoming email'."""
    return re.sub(r"[^a-z0-9$]+", " ", str(value).lower().replace("e-mail", "email")).strip()


def row_kind(value) -> str | None:
    """The kind an activity word says (None for a word that is not one)."""
    word = words(value)
    return ("call" if word in CALL_WORDS else "email" if word in EMAIL_WORDS
            else "other" if word in OTHER_WORDS else None)


def activity_column(columns, sample: dict[str, list]) -> str | None:
    """The column whose values are activity words of at least two kinds: calls beside anything
    else, or emails beside two other words (meetings, notes …; "email" and "sms" alone are a
    contact preference more often than an activity log): a CRM activity export."""
    for column in columns:
        if is_metadata(column):
            continue
        values = [v for v in sample.get(column, []) if present(v)]
        kinds = [row_kind(v) for v in values]
        found = {words(v) for v, k in zip(values, kinds) if k is not None}
        if (values and sum(k is not None for k in kinds) >= 0.8 * len(values) and len(set(kinds) - {None}) >= 2
                and ("call" in kinds or ("email" in kinds and len(found) >= 3))):
            return column
    return None


def _names(columns) -> dict[str, str]:
    """normal name, and the same without underscores (Data Loader's CALLDURATIONINSECONDS) → column."""
    names: dict[str, str] = {}
    for column in columns:
        if not is_metadata(column):
            names.setdefault(normal_name(column), column)
            names.setdefault(normal_name(column).replace("_", ""), column)
    return names


def _first(names: dict[str, str], candidates, taken=()) -> str | None:
    keys = [k for c in candidates for k in (c, c.replace("_", ""))]
    return next((names[k] for k in keys if k in names and names[k] not in taken), None)


def _time_column(names: dict[str, str], sample: dict[str, list], taken) -> str | None:
    """The first time-like column whose values have a time of day (Salesforce's ActivityDate is a
    date only; CreatedDate says when the call was logged); failing that, the first at all."""
    keys = [k for c in ACTIVITY_TIME + tuple(TIME_WORDS) for k in (c, c.replace("_", ""))]
    candidates = list(dict.fromkeys(names[k] for k in keys if k in names and names[k] not in taken))
    timed = [c for c in candidates if any(HAS_TIME_OF_DAY.search(str(v)) for v in sample.get(c, []) if present(v))]
    return (timed or candidates or [None])[0]


def activity_mapping(columns, sample: dict[str, list]) -> Mapping | None:
    """A CRM activity export's mapping: the type column is the event, its calls' outcome and
    duration come from the columns that say them (None when the file is not one)."""
    kind_column = activity_column(columns, sample)
    if kind_column is None:
        return None
    names = _names(columns)
    mapping = guess_mapping([c for c in columns if c != kind_column])
    taken = {kind_column}
    mapping["event"] = kind_column
    mapping["answered"] = _first(names, OUTCOME_WORDS, taken) or mapping["answered"]
    mapping["duration"] = _first(names, DURATION_WORDS, taken) or mapping["duration"]
    mapping["timestamp"] = _time_column(names, sample, taken | {mapping["answered"], mapping["duration"]})
    person = _first(names, ACTIVITY_PEOPLE, taken)
    if person and person not in mapping.values():
        slot = "email" if "email" in normal_name(person) else "user_id"
        mapping[slot] = mapping[slot] or person
    if not mapping["timestamp"] or not any(mapping[f] for f in ("user_id", "email", "phone", "anonymous_id")):
        return None
    # A task's status and subject stay attributes: they are not the call's outcome.
    return Mapping(ACTIVITIES.name, KIND, mapping, guess_attributes(columns, mapping))


def duration_in_ms(column: str | None) -> bool:
    """HubSpot's hs_call_duration and any *_ms column count milliseconds."""
    name = normal_name(column or "")
    return name == "hs_call_duration" or name.endswith("_ms") or "millisecond" in name


def profile_column(columns, sample: dict[str, list], mapping: Mapping) -> str | None:
    """The column (the event's or a type column beside it) whose values mark identify messages,
    in an event stream that has other events too; None when the file has none."""
    if mapping.kind in (CONTACTS.kind, KIND):
        return None
    # The event column first; then any column at all (Segment's `type`, however it is headed).
    candidates = [mapping.columns.get("event")] + [c for c in columns if not is_metadata(c)]
    for column in dict.fromkeys(c for c in candidates if c):
        values = [words(v) for v in sample.get(column, []) if present(v)]
        marked = sum(v in IDENTIFY_WORDS for v in values)
        if 0 < marked < len(values) or (marked and column != mapping.columns.get("event")):
            return column
    return None


def trait_sources(columns, mapping: Mapping) -> tuple[list[str], list[str]]:
    """(JSON columns, flattened columns) of an identify message's traits, as kept in attrs."""
    used = {c for c in mapping.columns.values() if c}
    json_columns = [c for c in columns if normal_name(c) in {normal_name(t) for t in TRAIT_COLUMNS} and c not in used]
    prefixes = tuple(normal_name(p) + "_" for p in TRAIT_PREFIXES)
    flat = [c for c in columns if c not in used and normal_name(c).startswith(prefixes)]
    return json_columns, flat


def recognise(columns, sample: dict[str, list] | None = None) -> Mapping | None:
    """The mapping of a file nobody mapped: a CRM activity export first (its columns would read as
    a call log or an email activity), then the known layouts; identify messages marked."""
    sample = sample or {}
    mapping = activity_mapping(columns, sample) or auto_mapping(columns, sample)
    if mapping is not None and mapping.profiles is None:
        mapping.profiles = profile_column(columns, sample, mapping)
    return mapping


def profile_params(mapping: Mapping, attrs: dict[str, str]) -> dict:
    """The bound values of customers/profile_rows.sql: where the marker and the traits are in a
    row's attrs (attrs: key in attrs → the file's column, as load.kept_attributes packs them)."""
    key_of = {column: key for key, column in attrs.items()}
    json_columns, flat = trait_sources(list(attrs.values()), mapping)
    flat = [c for c in flat if c in key_of]
    on_event = mapping.profiles == mapping.columns.get("event")
    return {"identify_words": list(IDENTIFY_WORDS), "on_event": on_event, "identifier_keys": IDENTIFIER_TRAITS,
            "marker": _path(None if on_event else key_of.get(mapping.profiles)),
            "json_keys": [_path(key_of[c]) for c in json_columns if c in key_of] or [_path(None)],
            "flat_keys": [_path(key_of[c]) for c in flat] or [_path(None)],
            "flat_names": [_trait_name(c) for c in flat] or [""]}


def _path(key: str | None) -> str:
    """A key of attrs as a JSON path, so that "$set" or "traits.plan" is one key; None: a path
    that matches nothing."""
    return "$." + json.dumps(key if key is not None else "\u0000no column")


def _trait_name(column: str) -> str:
    """'traits_plan', 'context_traits.Plan', '$set_plan' → 'plan'."""
    name = normal_name(column)
    for prefix in sorted({normal_name(p) + "_" for p in TRAIT_PREFIXES}, key=len, reverse=True):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name
