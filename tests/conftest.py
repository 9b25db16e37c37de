"""Shared fixtures: real DuckDB workspace files in tmp folders, built from files the tests write."""
from __future__ import annotations

import pytest
from helpers import (CALL_HEADER, EMAIL_HEADER, GA4_HEADER, ga4_params, generated_workspace, write_csv)

from journey_explorer import workspace


@pytest.fixture
def con(tmp_path):
    """A fresh workspace database file."""
    connection = workspace.connect(tmp_path / "workspace.duckdb")
    yield connection
    connection.close()


@pytest.fixture
def journey_files(tmp_path):
    """Jane: web (form with email+phone) → call → emails. Sam: a call only. Ann: emails only."""
    web = write_csv(tmp_path / "ga4.csv", GA4_HEADER, [
        ["20240305", "1709650930000000", "page_view",
         ga4_params(page_location="https://shop.example.com/pricing?utm_source=google&utm_medium=cpc&gclid=G1",
                    ga_session_id=1709650930), "111.222", "", "mobile", "United States"],
        ["20240305", "1709651000000000", "generate_lead",
         ga4_params(page_location="https://shop.example.com/contact", ga_session_id=1709650930,
                    form_email=" Jane.Doe@Example.com", form_phone="415-555-0132"),
         "111.222", "", "mobile", "United States"],
        ["20240306", "", "page_view", ga4_params(page_location="https://shop.example.com/"),
         "333.444", "", "desktop", "Canada"],
    ])
    calls = write_csv(tmp_path / "calls.csv", CALL_HEADER, [
        ["03/15/2024 14:22", "(415) 555-0132", "(415) 555-0199", "183", "true", "true", "google", "cpc",
         "brand", "hiking boots", "https://shop.example.com/", "G1", "120", "mobile", "San Francisco"],
        ["03/16/2024 09:05", "+44 20 7946 0018", "(415) 555-0199", "0", "false", "true", "(direct)",
         "(none)", "", "", "", "", "", "desktop", "London"],
        ["03/25/2024 09:05", "not a phone", "(415) 555-0199", "0", "false", "true", "", "", "", "", "",
         "", "", "desktop", "London"],
    ])
    emails = write_csv(tmp_path / "emails.csv", EMAIL_HEADER, [
        ["jane.doe@example.com", "open", "2024-03-20 10:00:00 UTC", "Spring Sale", ""],
        ["JANE.DOE@example.com ", "click", "2024-03-20 10:05:00 UTC", "Spring Sale",
         "https://shop.example.com/p?utm_source=newsletter&utm_medium=email&utm_campaign=spring_sale"],
        ["ann@example.org", "bounce", "2024-03-21 10:05:00 UTC", "Spring Sale", ""],
        ["ann@example.org", "open", "not a date", "Spring Sale", ""],
    ])
    return {"web": web, "calls": calls, "emails": emails}


@pytest.fixture(scope="session")
def demo_ws(tmp_path_factory):
    """A workspace of 20,000 generated demo-shaped events (shared by the flow tests)."""
    connection = generated_workspace(tmp_path_factory.mktemp("flows_demo"), 20_000, seed=3)
    yield connection
    connection.close()

