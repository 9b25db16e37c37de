"""Files whose rows are of several kinds: CRM activity exports (calls, emails, meetings, notes
and tasks in one file) get a kind per row, and identify messages in an event stream become
customer fields. Recognised by the values, so renamed and reordered copies still are."""
import csv
import io
import json
import random

import pandas as pd

import pytest
from helpers import FIXTURES, cli, write_csv

from journey_explorer import ingest
from journey_explorer.ingest.layouts import Mapping
from journey_explorer.views import calls, segments

CONNECTORS = FIXTURES / "connectors"
# fixture → (its type column, its outcome column, its duration column and how many ms a second is)
ACTIVITY_FILES = {
    "fivetran_hubspot_engagements.csv": ("type", "hs_call_disposition", "hs_call_duration", 1000),
    "salesforce_tasks.csv": ("TaskSubtype", "CallDisposition", "CallDurationInSeconds", 1),
    "pipedrive_activities.csv": ("type", None, None, 1),
}
# What the CRMs' words mean, as a marketer reads them.
KIND_OF = {"call": "call", "email": "email", "incoming_email": "email", "meeting": "other", "note": "other",
           "task": "other", "deadline": "other"}
OUTCOME_OF = {"connected": "answered", "no answer": "missed", "left voicemail": "voicemail", "busy": "missed",
              None: "missed"}


def read(name):
    with open(CONNECTORS / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def rows_by_position(con):
    return {r[0]: r[1:] for r in con.execute(
        """SELECT origin_row, kind, touchpoint, attrs->>'call_status', try_cast(attrs->>'call_duration_seconds' AS DOUBLE)
           FROM touchpoints""").fetchall()}


def expected(rows, type_col, outcome_col, duration_col, scale):
    want = {}
    for i, row in enumerate(rows, start=1):
        kind = KIND_OF[row[type_col].lower()]
        status = OUTCOME_OF[(row[outcome_col] or "").lower() or None] if outcome_col else "missed"
        seconds = float(row[duration_col]) / scale if duration_col and row[duration_col] else None
        want[i] = (kind, status if kind == "call" else None, seconds if kind == "call" else None)
    return want


@pytest.mark.parametrize("name", sorted(ACTIVITY_FILES))
def test_a_crm_activity_export_gets_a_kind_per_row(con, name):
    rows = read(name)
    report = ingest.load_files(con, [CONNECTORS / name]).files[0]
    assert (report.layout, report.kind) == ("CRM activities", "activities")
    assert (report.rows_in_file, report.rows_loaded, report.rows_rejected) == (len(rows), len(rows), 0)
    got = {i: (kind, status, seconds) for i, (kind, _, status, seconds) in rows_by_position(con).items()}
    assert got == expected(rows, *ACTIVITY_FILES[name])
    names = {tp for _, (kind, tp, _, _) in rows_by_position(con).items() if kind != "call"}
    assert names <= {"Email sent", "Email received", "Meeting", "Note", "Task", "Deadline"}


def test_renamed_and_reordered_columns_are_still_recognised(con, tmp_path):
    rows = read("fivetran_hubspot_engagements.csv")
    renamed = {"type": "Activity Type", "hs_timestamp": "Activity Date", "contact_email": "Contact Email",
               "hs_call_disposition": "Call Outcome", "hs_call_duration": "Call Duration (ms)"}
    header = [renamed.get(c, c) for c in rows[0]]
    order = list(range(len(header)))
    random.Random(3).shuffle(order)
    path = write_csv(tmp_path / "activities.csv", [header[i] for i in order],
                     [[list(r.values())[i] for i in order] for r in rows])
    report = ingest.load_files(con, [path]).files[0]
    assert (report.layout, report.rows_loaded, report.rows_rejected) == ("CRM activities", len(rows), 0)
    got = {i: (kind, status, seconds) for i, (kind, _, status, seconds) in rows_by_position(con).items()}
    assert got == expected(rows, "type", "hs_call_disposition", "hs_call_duration", 1000)


def test_data_loader_headers_in_capitals_are_recognised(con, tmp_path):
    rows = read("salesforce_tasks.csv")
    path = write_csv(tmp_path / "tasks.csv", [c.upper() for c in rows[0]], [list(r.values()) for r in rows])
    report = ingest.load_files(con, [path]).files[0]
    assert (report.layout, report.rows_loaded) == ("CRM activities", len(rows))
    got = {i: (kind, status, seconds) for i, (kind, _, status, seconds) in rows_by_position(con).items()}
    assert got == expected(rows, "TaskSubtype", "CallDisposition", "CallDurationInSeconds", 1)


def test_the_calls_view_counts_the_activity_exports_calls(con):
    rows = read("fivetran_hubspot_engagements.csv") + read("salesforce_tasks.csv")
    ingest.load_files(con, [CONNECTORS / "fivetran_hubspot_engagements.csv", CONNECTORS / "salesforce_tasks.csv"])
    outcomes = [OUTCOME_OF[(r.get("hs_call_disposition") or r.get("CallDisposition") or "").lower() or None]
                for r in rows if (r.get("type") or r.get("TaskSubtype")).lower() == "call"]
    frame = calls.calls(con, "source", detail=True)
    assert frame["calls"].sum() == len(outcomes)
    assert frame["answered"].sum() == outcomes.count("answered")
    assert frame["voicemail"].sum() == outcomes.count("voicemail")


def test_a_column_of_one_activity_kind_or_of_other_words_is_no_activity_export(con, tmp_path):
    # Only calls: a call log. Words that are no activities: an ordinary event log.
    calls_only = write_csv(tmp_path / "calls.csv", ["type", "timestamp", "contact_email", "call_status"],
                           [["CALL", "2024-03-01 10:00", "a@example.com", "completed"]] * 3)
    events = write_csv(tmp_path / "events.csv", ["user_id", "type", "timestamp"],
                       [["u1", "signup", "2024-03-01 10:00"], ["u1", "email", "2024-03-01 11:00"],
                        ["u2", "purchase", "2024-03-02 10:00"]])
    report = ingest.load_files(con, [calls_only, events])
    assert [f.layout for f in report.files] != ["CRM activities"] * 2
    assert "CRM activities" not in [f.layout for f in report.files]


def traits_by_customer(con):
    return {c: json.loads(f) for c, f in con.execute("SELECT customer_id, fields FROM customers").fetchall()}


def customer_of(con, id_type, value):
    return con.execute("SELECT customer_id FROM identities WHERE id_type = $t AND id_value = $v",
                       {"t": id_type, "v": value}).fetchall()[0][0]


@pytest.mark.parametrize("name, marker, traits, person", [
    ("segment_identifies.csv", "type", "traits", "anonymous_id"),
    ("amplitude_identifies.csv", "event_type", "user_properties", "user_id"),
])
def test_identify_messages_become_customer_fields(con, name, marker, traits, person):
    rows = read(name)
    profiles = [r for r in rows if r[marker].lower() in ("identify", "$identify")]
    report = ingest.load_files(con, [CONNECTORS / name]).files[0]
    assert report.profiles == len(profiles) and report.summary()["profiles"] == len(profiles)
    assert (report.rows_loaded, report.rows_rejected) == (len(rows), 0)
    assert con.execute("SELECT count(*) FROM touchpoints").fetchall() == [(len(rows) - len(profiles),)]
    # A customer's traits are their identify messages' traits merged in order, the last winning.
    want: dict[str, dict] = {}
    for r in profiles:
        want.setdefault(customer_of(con, person, r[person]), {}).update(json.loads(r[traits]))
    assert traits_by_customer(con) == want
    plans = {}
    for customer, fields in want.items():
        plans.setdefault(fields["plan"], set()).add(customer)
    chosen = segments.define(con, "customer.plan")
    frame = segments.compare(con, chosen).set_index("segment")
    journeys = {c for (c,) in con.execute("SELECT DISTINCT customer_id FROM touchpoints").fetchall()}
    assert frame["customers"].to_dict() == {p: len(cs & journeys) for p, cs in plans.items() if cs & journeys}


def test_flattened_traits_and_a_renamed_type_column(con, tmp_path):
    rows = read("segment_flat_traits.csv")
    header = ["Message Kind" if c == "type" else c for c in rows[0]]
    path = write_csv(tmp_path / "warehouse.csv", header[::-1], [list(r.values())[::-1] for r in rows])
    report = ingest.load_files(con, [path]).files[0]
    identifies = [r for r in rows if r["type"] == "identify"]
    assert report.profiles == len(identifies)
    want = {}
    for r in identifies:
        want.setdefault(customer_of(con, "user_id", r["user_id"]), {}).update(
            {"plan": r["traits_plan"], "region": r["context_traits_region"]})
    assert traits_by_customer(con) == want


def test_profiles_are_remembered_in_the_mapping_and_a_remap_keeps_them(con):
    ingest.load_files(con, [CONNECTORS / "segment_identifies.csv"])
    mapping = Mapping.from_json(con.execute("SELECT mapping FROM loads").fetchall()[0][0])
    assert mapping.profiles == "type"
    before = traits_by_customer(con)
    report = ingest.remap_file(con, "segment_identifies.csv", mapping).files[0]
    assert report.profiles == 3 and traits_by_customer(con) == before
    assert con.execute("SELECT count(*) FROM customer_fields").fetchall() == [(3,)]


def test_json_lines_with_nested_traits(con, tmp_path):
    messages = [
        {"type": "identify", "anonymousId": "a1", "userId": "u1", "timestamp": "2024-03-01T10:00:00Z",
         "traits": {"plan": "pro", "seats": 3}},
        {"type": "track", "event": "Signed Up", "anonymousId": "a1", "userId": "u1", "timestamp": "2024-03-01T10:01:00Z"},
        {"type": "page", "anonymousId": "a1", "timestamp": "2024-03-01T10:02:00Z",
         "context": {"page": {"url": "https://www.example.com/pricing"}}},
        {"type": "identify", "anonymousId": "a1", "timestamp": "2024-03-02T10:00:00Z", "traits": {"plan": "team"}},
    ]
    path = tmp_path / "segment.jsonl"
    path.write_text("\n".join(json.dumps(m) for m in messages))
    report = ingest.load_files(con, [path]).files[0]
    assert (report.profiles, report.rows_loaded, report.rows_rejected) == (2, 4, 0)
    assert list(traits_by_customer(con).values()) == [{"plan": "team", "seats": 3}]
    assert con.execute("SELECT touchpoint FROM touchpoints ORDER BY ts").fetchall() == \
        [("Signed Up",), ("page_view /pricing",)]


def test_the_command_line_reports_profiles_and_exports_the_crms_calls(tmp_path):
    ws = tmp_path / "ws.duckdb"
    loaded = cli("load", "--db", ws, "--json", CONNECTORS / "fivetran_hubspot_engagements.csv",
                 CONNECTORS / "segment_identifies.csv")
    assert loaded.returncode == 0, loaded.stderr
    files = {f["file"]: f for f in json.loads(loaded.stdout)["files"]}
    identifies = [r for r in read("segment_identifies.csv") if r["type"] == "identify"]
    assert files["segment_identifies.csv"]["profiles"] == len(identifies)
    assert files["fivetran_hubspot_engagements.csv"]["layout"] == "CRM activities"
    exported = cli("export", "calls", "--db", ws)
    assert exported.returncode == 0, exported.stderr
    frame = pd.read_csv(io.StringIO(exported.stdout))
    engagements = read("fivetran_hubspot_engagements.csv")
    assert frame["calls"].sum() == sum(r["type"] == "CALL" for r in engagements)
    assert frame["answered"].sum() == sum(r["hs_call_disposition"] == "Connected" for r in engagements)


def test_mixpanel_people_updates_set_fields_and_its_identify_is_no_touchpoint(con):
    rows = read("airbyte_mixpanel_people_updates.csv")
    report = ingest.load_files(con, [CONNECTORS / "airbyte_mixpanel_people_updates.csv"]).files[0]
    updates = [r for r in rows if r["event"] in ("$identify", "$set")]
    assert (report.profiles, report.rows_rejected) == (len(updates), 0)
    want = {}
    for r in updates:
        want.update({k.lstrip("$"): v for k, v in json.loads(r["properties"]).get("$set", {}).items()})
    assert list(traits_by_customer(con).values()) == [want]
    events = [r["event"] for r in rows if r not in updates]
    got = con.execute("SELECT touchpoint, value FROM touchpoints ORDER BY ts").fetchall()
    assert [tp for tp, _ in got] == ["page_view /" if e == "$mp_web_page_view" else e for e in events]
    assert got[-1][1] == 149.9          # "149,90": a decimal comma


def test_an_email_trait_links_the_person_and_is_no_segment_field(con, tmp_path):
    messages = write_csv(tmp_path / "identifies.csv", ["type", "event", "anonymous_id", "timestamp", "traits"], [
        ["page", "", "anon-9", "2024-03-01T10:00:00Z", ""],
        ["identify", "", "anon-9", "2024-03-01T10:01:00Z", json.dumps({"email": "Lee.Park@Example.com", "plan": "pro"})],
    ])
    emails = write_csv(tmp_path / "emails.csv", ["Email Address", "Action", "Timestamp"],
                       [["lee.park@example.com", "open", "2024-03-02 09:00:00"]])
    ingest.load_files(con, [messages, emails])
    customers = con.execute("SELECT DISTINCT customer_id FROM touchpoints").fetchall()
    assert len(customers) == 1
    assert traits_by_customer(con) == {customers[0][0]: {"plan": "pro"}}


def test_an_activity_export_mapped_again_keeps_a_kind_per_row(con):
    name = "salesforce_tasks.csv"
    ingest.load_files(con, [CONNECTORS / name], timezone="Europe/Rome")
    before = rows_by_position(con)
    times = con.execute("SELECT ts FROM touchpoints ORDER BY origin_row").fetchall()
    mapping = Mapping.from_json(con.execute("SELECT mapping FROM loads").fetchall()[0][0])
    assert mapping.kind == "activities"
    ingest.remap_file(con, name, mapping)
    assert rows_by_position(con) == before
    assert con.execute("SELECT ts FROM touchpoints ORDER BY origin_row").fetchall() == times


@pytest.mark.parametrize("preferred", [["email", "SMS", "phone", "email"], ["email", "SMS", "sms", "email"]])
def test_a_contact_lists_preferred_channel_is_no_activity_type(con, tmp_path, preferred):
    path = write_csv(tmp_path / "contacts.csv", ["Email", "Preferred Channel", "Plan", "Create Date"], [
        [f"{n}@example.com", channel, "pro", f"2024-01-1{n} 10:22"] for n, channel in enumerate(preferred)])
    report = ingest.load_files(con, [path]).files[0]
    assert (report.layout, report.kind) == ("Contact list", "contacts")
