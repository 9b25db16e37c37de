import re

import pytest
from helpers import write_csv

from journey_explorer import ingest
from journey_explorer.ingest.identities import normalise_phone
from journey_explorer.ingest.layouts import Mapping


@pytest.mark.parametrize("raw, country", [
    ("+44 20 7946 0000", "GB"), ("020 7946 0000", "GB"), ("(020) 7946-0000", "GB"), ("+442079460000", "US"),
])
def test_uk_phone_formats_are_one_number(raw, country):
    assert normalise_phone(raw, country) == "+442079460000"


@pytest.mark.parametrize("raw", ["(415) 555-0132", "+1 415-555-0132", "415.555.0132", "4155550132", "+14155550132"])
def test_us_phone_formats_are_one_number(raw):
    assert normalise_phone(raw, "US") == "+14155550132"


@pytest.mark.parametrize("raw", [None, "", "anonymous", "12", "Restricted"])
def test_not_a_phone_number(raw):
    assert normalise_phone(raw, "US") is None


def customers_by_identifier(con):
    return dict(con.execute("SELECT id_type || ':' || id_value, customer_id FROM identities").fetchall())


def test_web_call_and_email_of_one_person_are_one_customer(con, journey_files):
    ingest.load_files(con, list(journey_files.values()))
    ids = customers_by_identifier(con)
    jane = ids["email:jane.doe@example.com"]
    # form on the web (anonymous id) = phone of the call = email of the newsletter
    assert ids["anonymous_id:111.222"] == ids["phone:+14155550132"] == ids["gclid:G1"] == jane
    kinds = con.execute("SELECT list(DISTINCT kind ORDER BY kind) FROM touchpoints WHERE customer_id = $c",
                        {"c": jane}).fetchall()[0][0]
    assert kinds == ["call", "email", "web"]


def test_people_who_share_nothing_are_never_merged(con, journey_files):
    ingest.load_files(con, list(journey_files.values()))
    ids = customers_by_identifier(con)
    assert len({ids["email:jane.doe@example.com"], ids["phone:+442079460018"], ids["email:ann@example.org"]}) == 3
    assert con.execute("SELECT count(DISTINCT customer_id) FROM touchpoints").fetchall()[0][0] == 3


def test_chains_of_shared_identifiers_join_transitively(con, tmp_path):
    # a-email-b, b-phone-c, c-id-d: one customer through three links, loaded from separate files.
    path = write_csv(tmp_path / "log.csv", ["customer_id", "email", "phone", "event", "ts"], [
        ["a", "x@example.com", "", "visit", "2024-01-01 10:00"],
        ["", "x@example.com", "+1 415 555 0101", "visit", "2024-01-02 10:00"],
        ["c", "", "415-555-0101", "visit", "2024-01-03 10:00"],
        ["c", "", "", "visit", "2024-01-04 10:00"],
        ["z", "z@example.com", "", "visit", "2024-01-04 10:00"],
    ])
    mapping = Mapping("Event log", "other", {"user_id": "customer_id", "email": "email", "phone": "phone",
                                              "event": "event", "timestamp": "ts"})
    ingest.load_files(con, [path], mappings={str(path): mapping})
    counts = con.execute("SELECT customer_id, count(*) FROM touchpoints GROUP BY 1 ORDER BY 2").fetchall()
    assert [n for _, n in counts] == [1, 4]


def test_customer_ids_do_not_show_emails_or_phones(con, journey_files):
    ingest.load_files(con, list(journey_files.values()))
    ids = [r[0] for r in con.execute("SELECT DISTINCT customer_id FROM touchpoints").fetchall()]
    assert len(ids) == 3 and all(re.fullmatch(r"c_[0-9a-f]{12}", i) for i in ids)
