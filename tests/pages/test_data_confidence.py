"""The Data page says what each dropped file was recognised as, which column became what and how
sure that is; the mapping step opens by itself when it is not sure, and every choice can be changed."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
from page_helpers import DATA, EMAILS, WEB, count, run_page
from streamlit.testing.v1 import AppTest

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "confidence"


def drop(at: AppTest, name: str) -> AppTest:
    data = (HERE / name).read_bytes()
    at.file_uploader(key="data_upload").set_value((name, data, "text/csv")).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def rows_of(name: str) -> int:
    return len(pd.read_csv(HERE / name))


def boxes(at: AppTest) -> dict[str, list[str]]:
    return {"success": [b.value for b in at.success], "info": [b.value for b in at.info],
            "warning": [b.value for b in at.warning]}


def column_table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "Read as" in d.value.columns)


def mapping_step_open(at: AppTest) -> bool:
    return any(s.key == "data_file_0_timestamp" for s in at.selectbox)


def test_a_file_named_like_ga4_is_sure_and_the_mapping_step_stays_folded(web_email_ws):
    at = drop(run_page(DATA, web_email_ws), "ga4_like.csv")
    said = [b for b in boxes(at)["success"] if "Recognised as" in b]
    assert len(said) == 1
    assert said[0].startswith("Recognised as **GA4 export**: web analytics (CSV")
    assert said[0].endswith("Sure: the columns are named like a GA4 export.")
    assert at.toggle(key="data_file_0_manual").value is False
    assert not mapping_step_open(at)
    rows = rows_of("ga4_like.csv")
    table = column_table(at).set_index("Read as")
    assert table.loc["Timestamp"].tolist() == ["event_timestamp", "its name", f"{rows} of {rows} look like timestamps"]
    assert table.loc["Event / action", "Column"] == "event_name"
    assert table.loc["Country", "Column"] == "geo.country"
    assert any("Every other column is kept as it is" in c.value and "`event_date`" in c.value
               and "geo.country" not in c.value for c in at.caption)


def test_a_files_own_channel_column_is_said_to_be_the_channel(web_email_ws):
    path = HERE.parent / "connectors" / "shop_events.csv"
    at = run_page(DATA, web_email_ws)
    at.file_uploader(key="data_upload").set_value((path.name, path.read_bytes(), "text/csv")).run()
    assert not at.exception, [e.message for e in at.exception]
    table = column_table(at).set_index("Read as")
    assert table.loc["Channel (as the file says)", "Column"] == "acquisition_channel"
    values = pd.read_csv(path, dtype=str)["transaction_value"].dropna()
    assert table.loc["Value / revenue", "Values that fit"] == f"{len(values)} of {len(values)} look like numbers"


def test_renamed_columns_are_fairly_sure_with_the_evidence_and_the_kind_can_be_changed(web_email_ws):
    con = web_email_ws.con
    at = drop(run_page(DATA, web_email_ws), "renamed_email.csv")
    rows = rows_of("renamed_email.csv")
    said = [b for b in boxes(at)["info"] if "Recognised as" in b]
    assert len(said) == 1 and said[0].startswith("Recognised as **Email activity** (CSV")
    assert (f"Fairly sure: recognised from the values — {rows} of {rows} timestamps in `When`, "
            f"{rows} of {rows} emails in `Who`, {rows} of {rows} email events in `What happened`.") in said[0]
    assert not [b for b in boxes(at)["success"] if "Recognised as" in b]
    assert at.toggle(key="data_file_0_manual").value is False and not mapping_step_open(at)
    assert set(column_table(at)["Chosen by"]) == {"its values"}

    # The user overrides the kind: the rows are loaded as other events, not email activity.
    at.toggle(key="data_file_0_manual").set_value(True).run()
    assert at.selectbox(key="data_file_0_kind").value == "email"
    assert at.selectbox(key="data_file_0_email").value == "Who"
    at.selectbox(key="data_file_0_kind").set_value("other").run()
    assert not at.exception, [e.message for e in at.exception]
    assert set(column_table(at)["Chosen by"]) == {"your choice"}
    at.button(key="data_load").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert count(con, "SELECT count(*) FROM touchpoints WHERE origin_file = 'renamed_email.csv'") == rows
    assert count(con, "SELECT count(DISTINCT kind) FROM touchpoints WHERE origin_file = 'renamed_email.csv'") == 1
    assert count(con, "SELECT any_value(kind) FROM touchpoints WHERE origin_file = 'renamed_email.csv'") == "other"


def test_an_unknown_file_gets_the_mapping_step(web_email_ws):
    at = drop(run_page(DATA, web_email_ws), "unknown.csv")
    warned = boxes(at)["warning"]
    assert any(w.startswith("Not sure: the columns were not recognised") for w in warned)
    assert not any("Recognised as" in b for b in boxes(at)["success"] + boxes(at)["info"])
    assert mapping_step_open(at)
    assert not [t for t in at.toggle if t.key == "data_file_0_manual"]   # nothing to fold: it must be mapped
    # the guesses from the values: the dates are the time, the order references the customer
    assert at.selectbox(key="data_file_0_timestamp").value == "Day"


def test_named_columns_whose_values_do_not_fit_open_the_mapping_step(web_email_ws):
    at = drop(run_page(DATA, web_email_ws), "bad_times.csv")
    times = pd.read_csv(HERE / "bad_times.csv", dtype=str)["occurred_at"]
    good = sum(1 for t in times if not pd.isna(pd.to_datetime(t, errors="coerce")))
    said = [w for w in boxes(at)["warning"] if "Recognised as" in w]
    assert len(said) == 1 and said[0].startswith("Recognised as **Event log**: other events (CSV")
    assert said[0].endswith(f"Not sure: only {good} of the {len(times)} values in `occurred_at` look like "
                            "timestamps; please check the mapping.")
    assert at.toggle(key="data_file_0_manual").value is True
    assert mapping_step_open(at)
    assert at.selectbox(key="data_file_0_timestamp").value == "occurred_at"


def test_a_contact_list_says_so_and_the_load_report_counts_the_matches(web_email_ws):
    con = web_email_ws.con
    at = drop(run_page(DATA, web_email_ws), "contacts.csv")
    said = [b for b in boxes(at)["success"] if "Recognised as" in b]
    assert said and said[0].startswith("Recognised as **Contact list** (CSV")
    assert said[0].endswith("Sure: the columns are named like a contact list, one row per contact.")
    assert any(c.value.startswith("Every other column becomes a customer field: `Plan`, `Region`")
               for c in at.caption)
    assert "timestamps read as" not in said[0]
    as_loaded = next(d.value for d in at.dataframe if "row" in d.value.columns)
    assert "email" in as_loaded.columns and not {"ts", "touchpoint", "reason"} & set(as_loaded.columns)
    assert not as_loaded.isna().any().any()   # empty cells are blank, not "None"
    own = next(d.value for d in at.dataframe if "Plan" in d.value.columns)   # the file's own columns
    assert len(own) == len(pd.read_csv(HERE / "contacts.csv")) and own["Email"].str.startswith("***@").all()
    at.button(key="data_load").click().run()
    assert not at.exception, [e.message for e in at.exception]

    contacts = pd.read_csv(HERE / "contacts.csv", dtype=str)
    known = set(pd.read_csv(io.StringIO(WEB), dtype=str)["email"].dropna().str.lower()) | \
        set(pd.read_csv(io.StringIO(EMAILS), dtype=str)["Email"].str.lower())
    matched = int(contacts["Email"].str.lower().isin(known).sum())
    assert 0 < matched < len(contacts)
    assert f"contacts.csv: {matched:,} of its {len(contacts):,} contacts matched a customer's journey." in \
        " ".join(b.value for b in at.info)
    summary = next(d.value for d in at.dataframe if "Contacts matched" in d.value.columns)
    assert summary.set_index("File").loc["contacts.csv", "Contacts matched"] == matched
    assert count(con, "SELECT count(*) FROM touchpoints WHERE origin_file = 'contacts.csv'") == 0


def test_the_layout_can_be_changed_and_the_columns_are_read_again_for_it(web_email_ws):
    con = web_email_ws.con
    at = drop(run_page(DATA, web_email_ws), "renamed_email.csv")
    at.toggle(key="data_file_0_manual").set_value(True).run()
    assert at.selectbox(key="data_file_0_layout").value == "Email activity"
    at.selectbox(key="data_file_0_layout").set_value("Event log").run()
    assert not at.exception, [e.message for e in at.exception]
    # the widgets start again from what an event log would be: the kind follows the layout
    assert at.selectbox(key="data_file_0_event_log_kind").value == "other"
    assert {f: at.selectbox(key=f"data_file_0_event_log_{f}").value for f in ("timestamp", "email", "event")} == \
        {"timestamp": "When", "email": "Who", "event": "What happened"}
    at.button(key="data_load").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert con.execute("SELECT layout, kind FROM loads WHERE file = 'renamed_email.csv'").fetchall() == \
        [("Event log", "other")]
    assert count(con, "SELECT count(*) FROM touchpoints WHERE origin_file = 'renamed_email.csv' AND kind = 'other'") \
        == rows_of("renamed_email.csv")


REAL = HERE.parent / "real_world"


def drop_bytes(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="data_upload").set_value((name, data, "text/csv")).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_call_log_whose_times_cannot_be_read_is_not_sure_and_its_empty_load_is_a_warning(web_email_ws):
    lines = (REAL / "callrail_calls_export.csv").read_text(encoding="utf-8").splitlines()
    rows = list(csv.reader(lines))
    at_time = rows[0].index("Start Time")
    for row in rows[1:]:
        row[at_time] += " (Austin)"   # starts like a time, is none
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    at = drop_bytes(run_page(DATA, web_email_ws), "calls.csv", buffer.getvalue().encode())
    n = len(rows) - 1
    said = [b for b in boxes(at)["warning"] if "Recognised as" in b]
    assert said and said[0].endswith(f"Not sure: {n} of {n} rows would be rejected: timestamp not understood; "
                                     "please check the mapping.")
    assert not [b for b in boxes(at)["success"] if "Recognised as" in b]
    at.button(key="data_load").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert not [b for b in boxes(at)["success"] if b.startswith("Loaded.")]
    warned = [b for b in boxes(at)["warning"] if b.startswith("Nothing from calls.csv was loaded")]
    assert warned and f"all {n} of its rows were rejected ({n} × timestamp not understood)" in warned[0]
    assert count(web_email_ws.con, "SELECT count(*) FROM touchpoints WHERE origin_file = 'calls.csv'") == 0


def test_a_ga4_explore_download_is_called_a_summary_and_offers_no_customer_id(web_email_ws):
    path = REAL / "ga4_explore_free_form.csv"
    at = drop_bytes(run_page(DATA, web_email_ws), path.name, path.read_bytes())
    assert any(b.startswith("Not sure. This looks like a summary report (totals per Session source / medium")
               and b.endswith("export the events instead (for GA4: the BigQuery export).")
               for b in boxes(at)["warning"])
    options = at.selectbox(key="data_file_0_user_id").options
    assert not any(o.startswith("#") for o in options)
    for field in ("user_id", "anonymous_id", "email", "phone"):
        assert at.selectbox(key=f"data_file_0_{field}").value == "—"
