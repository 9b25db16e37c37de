import pytest

from journey_explorer.ingest.activities import recognise
from journey_explorer.ingest.layouts import (LAYOUT_NAMES, Mapping, auto_mapping, detect_layout,
                                             guess_from_values, guess_mapping, normal_name)


@pytest.mark.parametrize("raw, normal", [
    ("Caller Number", "caller_number"), ("callerNumber", "caller_number"),
    ("device.category", "device_category"), ("$current_url", "current_url"),
    ("Duration (seconds)", "duration_seconds"), ("anonymousId", "anonymous_id"),
    ("First-Time Caller", "first_time_caller"),
])
def test_normal_name(raw, normal):
    assert normal_name(raw) == normal


HEADERS = {
    "GA4 export": "event_date,event_timestamp,event_name,event_params,user_pseudo_id,user_id,device.category",
    "Segment export": "id,anonymous_id,user_id,event,event_text,timestamp,received_at,context_page_path",
    "Mixpanel export": "event,properties.time,properties.distinct_id,properties.$insert_id,properties.$current_url",
    "Amplitude export": "amplitude_id,user_id,device_id,event_type,event_time,event_properties",
    "Snowplow events": "app_id,collector_tstamp,derived_tstamp,event,event_name,domain_userid,page_urlpath,mkt_source",
    "Call log": "Start Time,Customer Phone Number,Tracking Phone Number,Duration (seconds),Answered",
    "Email activity": "Email Address,Action,Timestamp,Campaign Title,URL",
    "Event log": "customer_id;event;occurred_at;channel",
    "Contact list": "Email,Phone Number,Name,Plan,Created Date",
    "CRM activities": "Activity Type,Activity Date,Contact Email,Call Outcome",
}
# A contact list is told from an event log by its rows: one per contact; a CRM activity export
# by its type column's words.
SAMPLES = {"Contact list": {"Email": ["a@example.com", "b@example.com", "c@example.com"]},
           "CRM activities": {"Activity Type": ["CALL", "EMAIL", "MEETING"],
                              "Activity Date": ["2024-03-01 10:00", "2024-03-01 11:00", "2024-03-02 09:30"]}}


@pytest.mark.parametrize("layout", LAYOUT_NAMES)
def test_every_layout_is_recognised_by_its_columns(layout):
    columns = HEADERS[layout].replace(";", ",").split(",")
    assert recognise(columns, SAMPLES.get(layout)).layout == layout
    if layout != "CRM activities":   # the layouts' own signatures, without the values' help
        assert detect_layout(columns, SAMPLES.get(layout)).name == layout


def test_ctm_style_call_log_and_title_case_headers():
    assert detect_layout(["called_at", "caller_number", "tracking_number", "talk_time", "status"]).name == "Call log"
    assert detect_layout(["Called At", "Caller Number", "Tracking Number", "Talk Time"]).name == "Call log"


def test_email_tool_vs_event_log_decided_by_the_actions():
    columns = ["email", "event", "timestamp"]
    assert detect_layout(columns, {"event": ["open", "click", "delivered"]}).name == "Email activity"
    assert detect_layout(columns, {"event": ["page_view", "purchase", "add_to_cart"]}).name == "Event log"


def test_unknown_columns_are_not_guessed_as_a_layout():
    assert detect_layout(["Kunde", "Zeitpunkt", "Aktion", "Betrag"]) is None
    assert detect_layout(["a", "b"]) is None


def test_guess_mapping_per_layout():
    m = auto_mapping(HEADERS["Call log"].split(","))
    assert (m.kind, m.columns["timestamp"], m.columns["phone"], m.columns["answered"]) == \
        ("call", "Start Time", "Customer Phone Number", "Answered")
    snow = auto_mapping(HEADERS["Snowplow events"].split(","))
    assert snow.columns["event"] == "event_name" and snow.columns["timestamp"] == "derived_tstamp"
    assert snow.columns["anonymous_id"] == "domain_userid" and snow.columns["source"] == "mkt_source"


def test_guess_from_values_fills_what_names_cannot():
    columns = ["Kunde", "Zeitpunkt", "Aktion", "Mail", "Betrag"]
    sample = {"Kunde": ["K1", "K2", "K3", "K4"], "Zeitpunkt": ["2024-01-02 10:00", "2024-01-03 11:00"] * 2,
              "Aktion": ["kauf", "besuch", "besuch", "kauf"], "Mail": ["a@x.de", "b@y.de"] * 2,
              "Betrag": ["12,50", "3", "", "1"]}
    guess = guess_from_values(columns, sample, guess_mapping(columns))
    assert guess["timestamp"] == "Zeitpunkt" and guess["email"] == "Mail"
    assert guess["value"] == "Betrag" and guess["event"] == "Aktion"


def test_mapping_json_round_trip_and_plain_errors():
    m = Mapping("Custom mapping", "other", {"timestamp": "When", "user_id": "Who", "event": "What"},
                {"device": "Device"})
    again = Mapping.from_json(m.to_json())
    assert again.columns["timestamp"] == "When" and again.attributes == {"device": "Device"}
    with pytest.raises(ValueError, match="not valid JSON"):
        Mapping.from_json("{nope")
    with pytest.raises(ValueError, match='Did you mean "timestamp"'):
        Mapping.from_json('{"columns": {"timestmp": "When"}}')
    with pytest.raises(ValueError, match="kind"):
        Mapping.from_json('{"kind": "fax", "columns": {"timestamp": "When"}}')
