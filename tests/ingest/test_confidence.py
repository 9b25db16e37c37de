"""How sure the recognition is: names, values or a guess, and how many sampled values fit.

The expected counts come from the files themselves (pandas), not from the code under test.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from journey_explorer import db, workspace
from journey_explorer.ingest import confidence, inspect_file
from journey_explorer.ingest.load import PREVIEW_ROWS
from journey_explorer.ingest.confidence import FAIRLY_SURE, NOT_SURE, SURE, assess
from journey_explorer.ingest.layouts import Mapping, auto_mapping

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HERE = FIXTURES / "confidence"
ROOT = FIXTURES.parent.parent


@pytest.fixture
def con(tmp_path):
    con = workspace.connect(tmp_path / "ws.duckdb")
    yield con
    con.close()


def recognise(con, path: Path, rename: dict | None = None, order: list | None = None):
    """The sample, the automatic mapping and its confidence (columns renamed or reordered first)."""
    sample = inspect_file(con, path).sample
    if rename:
        sample = {rename.get(c, c): v for c, v in sample.items()}
    if order:
        sample = {c: sample[c] for c in order}
    mapping = auto_mapping(list(sample), sample)
    return sample, mapping, assess(list(sample), sample, mapping)


def filled(path: Path, column: str) -> int:
    """Non-empty values of a column, as pandas reads the file."""
    values = pd.read_csv(path, dtype=str, keep_default_na=False)[column]
    return int((values.str.strip() != "").sum())


def parseable(values) -> int:
    """Values pandas can read as a date or time, one by one (the brute-force check of the shape)."""
    found = 0
    for value in values:
        try:
            pd.Timestamp(str(value))
            found += 1
        except ValueError:
            pass
    return found


def test_columns_named_like_ga4_are_sure(con):
    path = HERE / "ga4_like.csv"
    _, mapping, sure = recognise(con, path)
    assert (mapping.layout, mapping.kind) == ("GA4 export", "web")
    assert sure.level == SURE and not sure.check_mapping
    assert sure.sentence == "Sure: the columns are named like a GA4 export."
    by_field = {e.field: e for e in sure.columns}
    rows = len(pd.read_csv(path))
    assert (by_field["timestamp"].column, by_field["timestamp"].by) == ("event_timestamp", confidence.BY_NAME)
    assert by_field["timestamp"].fits() == f"{rows} of {rows} look like timestamps"
    assert by_field["user_id"].present == filled(path, "user_id") < rows   # most rows are anonymous
    assert by_field["user_id"].fit == by_field["user_id"].present


def test_renamed_columns_recognised_by_their_values_are_fairly_sure(con):
    path = HERE / "renamed_email.csv"
    _, mapping, sure = recognise(con, path)
    assert mapping.kind == "email"
    rows = len(pd.read_csv(path))
    assert sure.level == FAIRLY_SURE and sure.basis == "values" and not sure.check_mapping
    assert sure.sentence.startswith("Fairly sure: recognised from the values — ")
    assert f"{rows} of {rows} timestamps in `When`" in sure.sentence
    assert f"{rows} of {rows} emails in `Who`" in sure.sentence
    assert {e.field: e.by for e in sure.columns if e.field in ("timestamp", "email", "event")} == \
        {"timestamp": confidence.BY_VALUES, "email": confidence.BY_VALUES, "event": confidence.BY_VALUES}


def test_recognition_by_values_does_not_depend_on_the_names_or_their_order(con):
    path = HERE / "renamed_email.csv"
    rename = {"Who": "col_a", "When": "col_b", "What happened": "col_c", "Newsletter": "col_d"}
    _, mapping, sure = recognise(con, path, rename=rename, order=["col_d", "col_c", "col_a", "col_b"])
    rows = len(pd.read_csv(path))
    assert mapping.kind == "email" and sure.level == FAIRLY_SURE
    assert {e.field: e.column for e in sure.columns if e.field in ("timestamp", "email", "event")} == \
        {"timestamp": "col_b", "email": "col_a", "event": "col_c"}
    assert f"{rows} of {rows} timestamps in `col_b`" in sure.sentence


def test_an_unknown_file_is_not_sure_and_asks_for_the_mapping(con):
    _, mapping, sure = recognise(con, HERE / "unknown.csv")
    assert mapping is None
    assert sure.level == NOT_SURE and sure.check_mapping and sure.columns == ()
    assert sure.sentence.startswith("Not sure:") and "please check the mapping" in sure.sentence


def test_named_columns_whose_values_do_not_fit_are_not_sure(con):
    path = HERE / "bad_times.csv"
    sample, mapping, sure = recognise(con, path)
    assert mapping is not None and mapping.columns["timestamp"] == "occurred_at"
    times = pd.read_csv(path, dtype=str)["occurred_at"]
    good = parseable(times)
    assert 0 < good < 0.8 * len(times)
    assert sure.level == NOT_SURE and sure.check_mapping
    assert sure.sentence == (f"Not sure: only {good} of the {len(times)} values in `occurred_at` look like "
                             "timestamps; please check the mapping.")


def test_a_few_odd_values_under_known_names_are_noted_but_still_sure():
    times = [str(1709287200000000 + i * 1_000_000) for i in range(17)] + ["soon", "n/a", "later"]   # GA4: µs
    sample = {"event_timestamp": times, "event_name": ["page_view"] * 20,
              "user_pseudo_id": [f"{i}.17" for i in range(20)]}
    sure = assess(list(sample), sample, auto_mapping(list(sample), sample))
    assert sure.level == SURE
    assert sure.sentence == ("Sure: the columns are named like a GA4 export (only 17 of the 20 values "
                             "in `event_timestamp` look like timestamps).")


def test_a_named_column_mostly_of_other_things_makes_it_fairly_sure():
    sample = {"event_timestamp": [str(1709287200000000 + i) for i in range(10)], "event_name": ["purchase"] * 10,
              "user_pseudo_id": [f"{i}.17" for i in range(10)],
              "purchase_revenue": ["free"] * 7 + ["12.50", "8", "$3.99"]}
    sure = assess(list(sample), sample, auto_mapping(list(sample), sample))
    assert sure.level == FAIRLY_SURE and not sure.check_mapping
    assert sure.sentence == ("Fairly sure: the columns are named like a GA4 export, but only 3 of the 10 values "
                             "in `purchase_revenue` look like numbers.")


def test_the_users_own_mapping_is_said_to_be_theirs(con):
    path = HERE / "unknown.csv"
    sample = inspect_file(con, path).sample
    columns = {f: None for f in auto_mapping(["event_name", "event_timestamp", "user_id"]).columns}
    mapping = Mapping("Custom mapping", "other", {**columns, "timestamp": "Day", "user_id": "Ref", "event": "Note"})
    sure = assess(list(sample), sample, mapping, chosen=True)
    rows = len(pd.read_csv(path))
    assert sure.basis == "yours" and sure.level == FAIRLY_SURE
    assert {e.by for e in sure.columns} == {confidence.BY_YOU}
    assert sure.sentence == (f"Fairly sure: your choice of columns — {rows} of {rows} timestamps in `Day`, "
                             f"{rows} of {rows} ids in `Ref`, {rows} of {rows} event names in `Note`.")
    without_id = Mapping("Custom mapping", "other", {**mapping.columns, "user_id": None})
    doubt = assess(list(sample), sample, without_id, chosen=True)
    assert doubt.level == NOT_SURE and "who each row is about" in doubt.sentence


def test_a_contact_list_needs_no_timestamp(con):
    path = HERE / "contacts.csv"
    _, mapping, sure = recognise(con, path)
    assert mapping.kind == "contacts"
    assert sure.level == SURE
    assert sure.sentence == "Sure: the columns are named like a contact list, one row per contact."
    by_field = {e.field: e for e in sure.columns}
    assert by_field["phone"].present == filled(path, "Phone")
    assert by_field["email"].fit == filled(path, "Email")


def test_hashed_recipients_are_said_to_be_hashed_emails(con):
    path = FIXTURES / "connectors" / "fivetran_mailchimp_campaign_recipient_activity.csv"
    _, mapping, sure = recognise(con, path)
    hashed = filled(path, "member_id")
    assert mapping.kind == "email" and mapping.columns["email"] == "member_id"
    assert f"{hashed} of {hashed} hashed emails in `member_id`" in sure.sentence


def test_the_sample_is_the_first_rows_read_without_changing_anything(con):
    path = ROOT / "sample_data" / "emails.csv"
    tables = db.rows(con, "ingest/has_events")
    sample = inspect_file(con, path).sample
    assert list(sample) == list(pd.read_csv(path, nrows=1).columns)
    assert {len(v) for v in sample.values()} == {PREVIEW_ROWS}
    first = pd.read_csv(path, nrows=PREVIEW_ROWS, dtype=str)
    assert sample["Email Address"] == first["Email Address"].tolist()
    assert db.rows(con, "ingest/has_events") == tables
    assert not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'file_sample'").fetchall()[0][0]
