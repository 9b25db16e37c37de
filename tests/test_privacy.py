import pytest

from journey_explorer import ingest
from journey_explorer.privacy import mask_pii
from journey_explorer.views import tables


@pytest.mark.parametrize("text, hidden", [
    ('{"Customer Phone Number":"(415) 555-0132"}', "555-0132"),
    ("call +44 20 7946 0018 today", "7946"),
    ("415.555.0132", "555.0132"), ("4155550132", "4155550132"),
    ('[{"key":"form_phone","value":{"string_value":"+14155550132"}}]', "4155550132"),
    ("Jane.Doe@Example.com", "Jane.Doe"),
])
def test_emails_and_phones_are_masked(text, hidden):
    assert hidden not in mask_pii(text)


@pytest.mark.parametrize("text", ["2024-03-05 14:22:10", "1709650930", "1709650930000000", "25/12/2024 09:05",
                                  '{"First-Time Caller":"true"}', "value 120.50"])
def test_dates_epochs_and_values_are_left_alone(text):
    assert mask_pii(text) == text


def test_rejects_are_masked_unless_asked(con, journey_files):
    ingest.load_files(con, list(journey_files.values()))
    masked = tables.rejects(con).to_string()
    assert "ann@example.org" not in masked and "***@example.org" in masked
    assert "ann@example.org" in tables.rejects(con, show_pii=True).to_string()


def test_touchpoints_export_has_no_emails_or_phones(con, journey_files):
    ingest.load_files(con, list(journey_files.values()))
    text = tables.touchpoints(con).to_csv()
    assert "@" not in text and "555-0132" not in text and "4155550132" not in text


def test_rejects_of_chosen_files_only(con, journey_files):
    ingest.load_files(con, list(journey_files.values()))
    everything = tables.rejects(con)
    emails = tables.rejects(con, files=["emails.csv"])
    assert list(emails["origin_file"]) == ["emails.csv"]
    assert emails.reset_index(drop=True).equals(
        everything[everything["origin_file"] == "emails.csv"].reset_index(drop=True))
    assert tables.rejects(con, files=[]).empty


CONTACT_DETAILS = ["jane.roe@example.com", "sam.lee@example.org", "ann@example.org", "john.doe@example.com",
                   "415 555 0132", "555-0199", "555.0147", "7946 0018", "7946 0123"]


def test_no_view_of_a_file_full_of_contact_details_shows_any_once_masked(con):
    """Names, campaigns, keywords, nodes and paths carry emails and phones: the pass that every
    result goes through on its way to a person (mask_output) leaves none of them."""
    from helpers import FIXTURES

    from journey_explorer.privacy import mask_output
    from journey_explorer.views import flows, growth
    ingest.load_files(con, [FIXTURES / "nasty" / "contact_details.csv"])
    results = {"touchpoints": tables.touchpoints(con), "rejects": tables.rejects(con, show_pii=True),
               "sankey": flows.sankey_links(con, "touchpoint", 5, 50),
               "campaign paths": flows.top_paths(con, "campaign", 5, 50),
               "campaign growth": growth.growth(con, "campaign", "month")}
    raw = " ".join(frame.to_csv() for frame in results.values())
    assert sum(detail in raw for detail in CONTACT_DETAILS) >= 7  # the data really has them
    for name, frame in results.items():
        shown = mask_output(frame).to_csv()
        assert not [d for d in CONTACT_DETAILS if d in shown], name
