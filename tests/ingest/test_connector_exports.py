"""Warehouse-connector tables (Fivetran, Airbyte, Stitch) and a shop log with extra columns:
recognised by meaning, every column kept, hashed recipients stitched instead of rejected."""
import csv
import hashlib
import json

import pytest
from helpers import FIXTURES, write_csv

from journey_explorer import ingest
from journey_explorer.ingest.layouts import auto_mapping, is_metadata

CONNECTORS = FIXTURES / "connectors"
KINDS = {
    "fivetran_mailchimp_campaign_recipient_activity.csv": ("Email activity", "email"),
    "fivetran_klaviyo_event.csv": ("Email activity", "email"),
    "fivetran_hubspot_email_event.csv": ("Email activity", "email"),
    "airbyte_mixpanel_export.csv": ("Mixpanel export", "web"),
    "fivetran_amplitude_event.csv": ("Amplitude export", "web"),
    "stitch_segment_tracks.csv": ("Segment export", "web"),
    "shop_events.csv": ("Event log", "other"),
}


def read(name):
    with open(CONNECTORS / name, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def attr_keys(con):
    keys = con.execute("SELECT DISTINCT unnest(json_keys(attrs)) FROM touchpoints").fetchall()
    return {k for (k,) in keys}


@pytest.mark.parametrize("name", sorted(KINDS))
def test_connector_table_loads_whole_with_its_kind_and_columns(con, name):
    header, rows = read(name)
    report = ingest.load_files(con, [CONNECTORS / name]).files[0]
    assert (report.layout, report.kind) == KINDS[name]
    assert (report.rows_in_file, report.rows_loaded, report.rows_rejected) == (len(rows), len(rows), 0)
    kinds = con.execute("SELECT DISTINCT kind FROM touchpoints").fetchall()
    assert kinds == [(KINDS[name][1],)]
    mapped = {c for c in json.loads(con.execute("SELECT mapping FROM loads").fetchall()[0][0])["columns"].values()}
    # Every column the mapping does not use is kept under its own name, metadata included.
    assert set(header) - mapped <= attr_keys(con)
    assert any(is_metadata(c) for c in header) or name == "shop_events.csv"


def test_metadata_columns_take_no_part_in_recognition():
    header, rows = read("fivetran_mailchimp_campaign_recipient_activity.csv")
    sample = {c: [r[i] for r in rows] for i, c in enumerate(header)}
    mapping = auto_mapping(header, sample)
    assert not {c for c in mapping.columns.values() if c} & {c for c in header if is_metadata(c)}
    # A file of metadata beside the usual columns recognises as without them.
    noisy = header + ["_file", "_line", "_modified", "_airbyte_raw_id", "_sdc_sequence"]
    noisy_sample = sample | {c: ["x.csv", "1", "2024-01-01", "a", "1"] for c in noisy[len(header):]}
    assert auto_mapping(noisy, noisy_sample).columns == mapping.columns


def test_hashed_recipients_stitch_with_plain_addresses_and_are_never_rejected(con, tmp_path):
    plain = write_csv(tmp_path / "signups.csv", ["email", "event", "timestamp"], [
        ["Alex.Kim@example.com", "signup", "2024-02-01 10:00"],
        ["jane.doe@example.com", "signup", "2024-02-01 11:00"],
        ["sam.lee@example.com", "signup", "2024-02-02 11:00"],
    ])
    report = ingest.load_files(con, [plain, CONNECTORS / "fivetran_mailchimp_campaign_recipient_activity.csv",
                                     CONNECTORS / "fivetran_hubspot_email_event.csv"])
    assert [f.rows_rejected for f in report.files] == [0, 0, 0]
    # MD5 (Mailchimp's member id) and SHA-256 (HubSpot, one upper-case) join the plain address.
    for email in ("alex.kim@example.com", "jane.doe@example.com", "sam.lee@example.com"):
        files = con.execute("""SELECT list(DISTINCT origin_file ORDER BY origin_file) FROM touchpoints
                               WHERE customer_id = (SELECT customer_id FROM identities WHERE id_value = $e)""",
                            {"e": email}).fetchall()[0][0]
        md5, sha = hashlib.md5(email.encode()).hexdigest(), hashlib.sha256(email.encode()).hexdigest()
        in_mailchimp = md5 in (CONNECTORS / "fivetran_mailchimp_campaign_recipient_activity.csv").read_text()
        in_hubspot = sha in (CONNECTORS / "fivetran_hubspot_email_event.csv").read_text().lower()
        assert files == sorted(["signups.csv"] + ["fivetran_mailchimp_campaign_recipient_activity.csv"] * in_mailchimp
                               + ["fivetran_hubspot_email_event.csv"] * in_hubspot)
    assert con.execute("SELECT count(*) FROM identities WHERE id_type = 'email_hash' "
                       "AND id_value <> lower(id_value)").fetchall() == [(0,)]


def test_opaque_ids_in_the_email_column_are_identifiers(con, tmp_path):
    path = write_csv(tmp_path / "esp.csv", ["recipient", "event", "timestamp"], [
        ["dXNlcjFAZXhhbXBsZS5jb20=", "open", "2024-02-01 10:00"],       # base64
        ["dXNlcjFAZXhhbXBsZS5jb20=", "click", "2024-02-01 10:01"],
        ["mbr_000123", "delivered", "2024-02-01 10:02"],                  # a member id
        ["not an email", "open", "2024-02-01 10:03"],                     # still not usable
    ])
    report = ingest.load_files(con, [path]).files[0]
    assert (report.kind, report.rows_loaded, report.rows_rejected) == ("email", 3, 1)
    assert con.execute("SELECT count(DISTINCT customer_id) FROM touchpoints").fetchall() == [(2,)]


def test_a_shop_log_keeps_its_channel_value_and_extra_columns(con):
    header, rows = read("shop_events.csv")
    ingest.load_files(con, [CONNECTORS / "shop_events.csv"])
    got = con.execute("""SELECT channel, value, attrs->>'user_cohort', attrs->>'ab_bucket', attrs->>'brand'
                         FROM touchpoints ORDER BY origin_row""").fetchall()
    col = {c: i for i, c in enumerate(header)}
    want = [(r[col["acquisition_channel"]], float(r[col["transaction_value"]]) if r[col["transaction_value"]] else None,
             r[col["user_cohort"]], r[col["ab_bucket"]], r[col["brand"]]) for r in rows]
    assert got == want


SYNONYMS = {"member_id": "recipient", "action": "type", "timestamp": "created", "event": "name",
            "time": "datetime", "distinct_id": "person_id", "event_name": "action", "event_time": "Created At",
            "user_id": "Member ID", "acquisition_channel": "Marketing Channel",
            "transaction_value": "Order Total", "datetime": "time", "person_id": "distinct_id"}


@pytest.mark.parametrize("name", ["fivetran_mailchimp_campaign_recipient_activity.csv", "fivetran_klaviyo_event.csv",
                                  "shop_events.csv", "fivetran_hubspot_email_event.csv"])
def test_renamed_and_reordered_columns_are_still_recognised(con, tmp_path, name):
    header, rows = read(name)
    order = list(reversed(range(len(header))))
    renamed = [SYNONYMS.get(header[i], header[i]) for i in order]
    assert renamed != [header[i] for i in order] or name == "fivetran_hubspot_email_event.csv"
    path = write_csv(tmp_path / name, renamed, [[r[i] for i in order] for r in rows])
    report = ingest.load_files(con, [path]).files[0]
    assert (report.layout, report.kind) == KINDS[name]
    assert (report.rows_loaded, report.rows_rejected) == (len(rows), 0)


def test_values_decide_when_the_names_say_nothing(con, tmp_path):
    # Headers no tool uses: the values show the emails, the times and the email actions.
    path = write_csv(tmp_path / "export.csv", ["Wer", "Wann", "Was", "Betreff"], [
        ["ann@example.org", "2024-02-01 10:00", "delivered", "Hallo"],
        ["ann@example.org", "2024-02-01 10:05", "opened", "Hallo"],
        ["bo@example.org", "2024-02-01 10:06", "bounced", "Hallo"],
    ])
    report = ingest.load_files(con, [path]).files[0]
    assert (report.layout, report.kind, report.rows_loaded) == ("Email activity", "email", 3)
    assert con.execute("SELECT list(touchpoint ORDER BY origin_row) FROM touchpoints").fetchall() == [
        (["Email delivered", "Email opened", "Email bounced"],)]
    assert attr_keys(con) == {"Betreff"}


def test_an_event_log_with_a_few_email_events_stays_an_event_log():
    columns = ["customer_id", "event", "occurred_at"]
    events = ["page_view", "email_open", "purchase", "Email Opened", "add_to_cart"]
    assert auto_mapping(columns, {"event": events}).kind == "other"
    assert auto_mapping(columns, {"event": ["Email Opened", "email_click", "Bounced Email"]}).kind == "email"
