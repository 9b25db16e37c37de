"""AppTest tests of each page, run on its own (see TESTING.md: the pages/ pitfall).

Every test puts a workspace built from small, realistic exports into the session first, so the
pages show numbers we can check against the core (``journey_explorer.views``).
"""
from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from journey_explorer import db, ingest, views
from journey_explorer.charts import KIND_LABELS
from journey_explorer.ui.state import Workspace

ROOT = Path(__file__).resolve().parent.parent
OVERVIEW = str(ROOT / "pages" / "overview.py")
DATA = str(ROOT / "pages" / "data.py")
TIMEOUT = 60

# A Segment-style web export: a1 submits a form with an email and a phone, a2 buys.
WEB = """\
anonymous_id,user_id,event,timestamp,received_at,context_page_path,context_campaign_source,context_campaign_medium,email,phone
a1,,page_view,2024-03-01T10:00:00Z,2024-03-01T10:00:01Z,/,google,organic,,
a1,,page_view,2024-03-01T10:02:00Z,2024-03-01T10:02:01Z,/pricing,google,organic,,
a1,u1,form_submitted,2024-03-01T10:05:00Z,2024-03-01T10:05:01Z,/contact,google,organic,ann@example.com,(415) 555-0132
a2,,page_view,2024-03-02T09:00:00Z,2024-03-02T09:00:01Z,/,facebook,cpc,,
a2,,purchase,2024-03-02T09:10:00Z,2024-03-02T09:10:01Z,/checkout,facebook,cpc,bob@example.com,
a3,,page_view,2024-03-03T12:00:00Z,2024-03-03T12:00:01Z,/blog,,,,
"""

# A CallRail call log: the first caller is a1 (same phone as the web form). The last row has no
# usable start time, so it must end up in rejects.
CALLS_HEADER = ("Start Time,Customer Phone Number,Tracking Phone Number,Duration (seconds),Answered,"
                "First-Time Caller,Source,Medium,Campaign,Keywords,Landing Page,GCLID,Value,Device Type,"
                "Customer City")
CALLS = CALLS_HEADER + """
2024-03-01 11:00:00,(415) 555-0132,(800) 555-0100,120,true,true,google,cpc,spring,tents,/pricing,,50,mobile,San Francisco
2024-03-04 15:30:00,(415) 555-0199,(800) 555-0100,0,false,true,google,organic,,,/,,,desktop,Oakland
2024-03-05 08:15:00,(415) 555-0132,(800) 555-0100,60,true,false,direct,,,,,,,mobile,San Francisco
2024-03-06 09:00:00,(212) 555-0147,(800) 555-0100,45,true,true,bing,cpc,,,/,,,desktop,New York
not a time,(212) 555-0188,(800) 555-0100,30,true,true,bing,cpc,,,/,,,desktop,New York
"""
CALL_ROWS, CALL_BAD_ROWS = 5, 1

# Mailchimp-style email activity: ann and bob are also web customers.
EMAILS = """\
Email,Action,Timestamp,Campaign,URL
ann@example.com,open,2024-03-02 08:00:00,March newsletter,
ann@example.com,click,2024-03-02 08:01:00,March newsletter,https://shop.example.com/pricing
bob@example.com,open,2024-03-03 08:00:00,March newsletter,
carol@example.com,bounce,2024-03-03 08:00:00,March newsletter,
"""

# Columns no known export uses; the values say what they are.
UNKNOWN = """\
Who,When,What,Where
ann@example.com,2024-04-01 10:00:00,signup,https://shop.example.com/join
dan@example.com,2024-04-02 11:30:00,browse,https://shop.example.com/tents
dan@example.com,2024-04-02 11:45:00,signup,https://shop.example.com/join
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def build(folder: Path, files: dict[str, str], name: str = "ws.duckdb") -> Path:
    """A workspace file with these exports loaded."""
    path = folder / name
    con = db.connect(path)
    try:
        if files:
            ingest.load_files(con, [write(folder, n, t) for n, t in files.items()])
    finally:
        con.close()
    return path


def open_ws(path: Path, read_only: bool = False, key: str | None = None, id: str | None = None) -> Workspace:
    con = db.connect(path, read_only=read_only)
    return Workspace(key=key or str(path), label="Test workspace", read_only=read_only, con=con, id=id)


def count(con, sql: str):
    return con.execute(sql).fetchall()[0][0]


def run_page(page: str, ws: Workspace | None = None, **state) -> AppTest:
    at = AppTest.from_file(page, default_timeout=TIMEOUT)
    if ws is not None:
        at.session_state["workspace"] = ws
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(elements) -> list[str]:
    return [e.value for e in elements]


@pytest.fixture
def full_ws(tmp_path):
    """Web, calls and emails loaded; closed at the end of the test."""
    ws = open_ws(build(tmp_path, {"web.csv": WEB, "calls.csv": CALLS, "emails.csv": EMAILS}))
    yield ws
    ws.con.close()


@pytest.fixture
def web_email_ws(tmp_path):
    ws = open_ws(build(tmp_path, {"web.csv": WEB, "emails.csv": EMAILS}))
    yield ws
    ws.con.close()


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """Private workspaces (?ws=…) go to a folder of this test's own."""
    folder = tmp_path / "data"
    monkeypatch.setenv("JOURNEY_EXPLORER_DATA", str(folder))
    monkeypatch.delenv("JOURNEY_EXPLORER_DB", raising=False)
    return folder


# --------------------------------------------------------------------------- Overview


def test_overview_metrics_match_the_core(full_ws):
    expected = views.overview(full_ws.con)
    t = expected.totals
    assert t["customers"] >= 4 and t["multi_kind_customers"] >= 1  # the fixture stitches across kinds

    at = run_page(OVERVIEW, full_ws)

    assert texts(at.title) == ["Overview"]
    shown = metrics(at)
    assert shown["Customers"] == f"{t['customers']:,}"
    assert shown["Touchpoints"] == f"{t['touchpoints']:,}"
    assert shown["Seen in 2+ kinds"] == f"{t['multi_kind_share']:.0%}"
    assert shown["Converted"] == f"{t['converted_customers'] / t['customers']:.0%}"
    # web 6 rows, calls 4 good rows, emails 4 rows
    assert shown["Touchpoints"] == "14"
    assert len(at.get("vega_lite_chart")) == 3
    mix = at.dataframe[0].value
    assert mix.to_dict("list") == expected.kind_mix.to_dict("list")
    assert not at.info


def chart_data(chart):
    """An Altair chart's title and its data (Vega-Lite spec + Arrow dataset)."""
    spec = json.loads(chart.proto.spec)
    title = spec.get("title")
    frames = [pa.ipc.open_stream(ds.data.data).read_pandas() for ds in chart.proto.datasets]
    return (title["text"] if isinstance(title, dict) else title), frames[0]


def test_overview_charts_carry_the_counts(full_ws):
    expected = views.overview(full_ws.con)
    at = run_page(OVERVIEW, full_ws)
    charts = dict(chart_data(c) for c in at.get("vega_lite_chart"))
    assert set(charts) == {"Touchpoints by kind", "Touchpoints by channel", "Touchpoints per month"}
    by_kind = charts["Touchpoints by kind"].set_index("kind")["touchpoints"].to_dict()
    assert by_kind == {"Web": 6, "Calls": 4, "Email": 4}  # plain labels, not the codes web/call/email
    assert by_kind == {KIND_LABELS[k]: n for k, n in expected.by_kind.set_index("kind")["touchpoints"].items()}
    by_channel = charts["Touchpoints by channel"].set_index("channel")["touchpoints"].to_dict()
    assert by_channel == expected.by_channel.set_index("channel")["touchpoints"].to_dict()
    assert by_channel["Phone"] == 4 and by_channel["Email"] == 4
    assert charts["Touchpoints per month"]["touchpoints"].sum() == expected.totals["touchpoints"]
    # every chart has its one-line plain-language caption right after it
    assert len(at.caption) >= 4


def test_overview_on_an_empty_workspace_says_what_to_do(tmp_path):
    ws = open_ws(build(tmp_path, {}))
    try:
        at = run_page(OVERVIEW, ws)
        assert len(at.info) == 1
        assert "No touchpoints yet" in at.info[0].value and "Data" in at.info[0].value
        assert not at.metric
        assert not at.get("vega_lite_chart")
    finally:
        ws.con.close()


def test_overview_follows_the_sidebar_filters(full_ws):
    calls = count(full_ws.con, "SELECT count(*) FROM touchpoints WHERE kind = 'call'")
    callers = count(full_ws.con, "SELECT count(DISTINCT customer_id) FROM touchpoints WHERE kind = 'call'")
    at = run_page(OVERVIEW, full_ws, flt_kinds=["call"])
    shown = metrics(at)
    assert shown["Touchpoints"] == f"{calls:,}" == "4"
    assert shown["Customers"] == f"{callers:,}"


def test_overview_opens_the_workspace_named_by_env(tmp_path, monkeypatch):
    path = build(tmp_path, {"web.csv": WEB, "calls.csv": CALLS, "emails.csv": EMAILS})
    con = db.connect(path, read_only=True)
    t = views.overview(con).totals
    con.close()
    monkeypatch.setenv("JOURNEY_EXPLORER_DB", str(path))

    at = run_page(OVERVIEW)

    assert metrics(at)["Customers"] == f"{t['customers']:,}"
    ws = at.session_state["workspace"]
    assert ws.key == str(path) and not ws.read_only
    ws.con.close()


# --------------------------------------------------------------------------- Data: upload


def upload(at: AppTest, name: str, text: str) -> AppTest:
    at.file_uploader(key="data_upload").set_value((name, text.encode("utf-8"), "text/csv")).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_data_page_without_uploads(web_email_ws):
    at = run_page(DATA, web_email_ws)
    assert texts(at.title) == ["Data"]
    assert at.file_uploader(key="data_upload").accept_multiple_files
    loads = at.dataframe[0].value
    assert sorted(loads["File"]) == ["emails.csv", "web.csv"]
    assert not [b for b in at.button if b.key == "data_load"]


def test_upload_recognised_call_log_and_load_it(web_email_ws):
    con = web_email_ws.con
    before = count(con, "SELECT count(*) FROM touchpoints")
    at = run_page(DATA, web_email_ws)

    upload(at, "calls.csv", CALLS)
    recognised = [s.value for s in at.success if "Recognised as" in s.value]
    assert recognised and recognised[0].startswith("Recognised as **Call log**")
    load = at.button(key="data_load")
    assert load.label == "Load 1 file" and not load.disabled
    assert count(con, "SELECT count(*) FROM touchpoints") == before  # the preview changed nothing

    load.click().run()
    assert not at.exception, [e.message for e in at.exception]

    after = count(con, "SELECT count(*) FROM touchpoints")
    assert after - before == CALL_ROWS - CALL_BAD_ROWS
    customers = count(con, "SELECT count(DISTINCT customer_id) FROM touchpoints")
    assert f"Loaded. The workspace now has {after:,} touchpoints from {customers:,} customers." in \
        texts(at.success)
    summary = next(d.value for d in at.dataframe if "Rows in file" in d.value.columns)
    row = summary.iloc[0]
    assert (row["File"], row["Recognised as"], row["Timestamps read as"]) == ("calls.csv", "Call log", "ISO dates (2024-03-05 14:22:10, with or without a time zone)")
    assert (row["Rows in file"], row["Loaded"], row["Rejected"]) == (CALL_ROWS, CALL_ROWS - CALL_BAD_ROWS, CALL_BAD_ROWS)
    assert count(con, "SELECT count(*) FROM rejects WHERE origin_file = 'calls.csv'") == CALL_BAD_ROWS
    assert "Download the rejected row (CSV)" in [b.label for b in at.get("download_button")]
    # The same upload is not offered for loading again (no double load by a second click).
    assert "data_load" not in [b.key for b in at.button]
    assert any("Already loaded into this workspace: calls.csv" in c.value for c in at.caption)
    # the phone from the web form joins the call to that web journey
    assert count(con, "SELECT count(DISTINCT kind) FROM touchpoints WHERE customer_id = "
                      "(SELECT customer_id FROM touchpoints WHERE kind = 'call' ORDER BY ts LIMIT 1)") == 3


def test_upload_on_the_demo_starts_a_private_workspace(tmp_path, data_dir):
    demo_file = build(tmp_path, {"web.csv": WEB, "emails.csv": EMAILS}, name="demo.duckdb")
    demo = open_ws(demo_file, read_only=True, key=f"demo-{tmp_path.name}")
    demo_touchpoints = count(demo.con, "SELECT count(*) FROM touchpoints")
    at = run_page(DATA, demo)
    assert any("private workspace" in c.value for c in at.caption)
    assert at.data_editor(key="rules_channel").proto.disabled

    upload(at, "calls.csv", CALLS)
    at.button(key="data_load").click().run()
    assert not at.exception

    ws = at.session_state["workspace"]
    assert not ws.read_only and ws.id
    assert at.query_params["ws"] == ws.id
    assert (data_dir / "workspaces" / ws.id / "workspace.duckdb").exists()
    assert count(ws.con, "SELECT count(*) FROM touchpoints") == CALL_ROWS - CALL_BAD_ROWS
    assert count(demo.con, "SELECT count(*) FROM touchpoints") == demo_touchpoints
    ws.con.close()
    demo.con.close()

    # the link (?ws=…) opens the same workspace in another session
    other = AppTest.from_file(OVERVIEW, default_timeout=TIMEOUT)
    other.query_params["ws"] = ws.id
    other.run()
    assert not other.exception
    assert metrics(other)["Touchpoints"] == f"{CALL_ROWS - CALL_BAD_ROWS:,}"
    assert other.session_state["workspace"].id == ws.id
    other.session_state["workspace"].con.close()


def test_unrecognised_file_asks_for_a_mapping_with_guesses(web_email_ws):
    con = web_email_ws.con
    before = count(con, "SELECT count(*) FROM touchpoints")
    at = run_page(DATA, web_email_ws)

    upload(at, "mystery.csv", UNKNOWN)
    assert any("not recognised" in w.value for w in at.warning)
    assert not any("Recognised as" in s.value for s in at.success)
    guessed = {f: at.selectbox(key=f"data_file_0_{f}").value for f in ("timestamp", "email", "event", "page")}
    assert guessed == {"timestamp": "When", "email": "Who", "event": "What", "page": "Where"}
    assert at.selectbox(key="data_file_0_kind").value == "other"
    assert not at.button(key="data_load").disabled

    # without a timestamp the file cannot be loaded, and the page says why
    at.selectbox(key="data_file_0_timestamp").set_value("—").run()
    assert not at.exception
    assert any("timestamp" in i.value for i in at.info)
    assert at.button(key="data_load").disabled

    at.selectbox(key="data_file_0_timestamp").set_value("When").run()
    at.button(key="data_load").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert count(con, "SELECT count(*) FROM touchpoints") - before == 3
    assert count(con, "SELECT count(*) FROM touchpoints WHERE origin_file = 'mystery.csv' AND kind = 'other'") == 3
    # ann's signup joins her web and email journey
    assert count(con, "SELECT count(DISTINCT kind) FROM touchpoints WHERE customer_id = "
                      "(SELECT customer_id FROM touchpoints WHERE origin_file = 'mystery.csv' ORDER BY ts LIMIT 1)") == 3


# --------------------------------------------------------------------------- Data: rules


def edit(rows: dict[int, dict]) -> dict:
    return {"edited_rows": rows, "added_rows": [], "deleted_rows": []}


def test_invalid_rule_pattern_shows_a_plain_error(full_ws):
    con = full_ws.con
    rules_before = con.execute("SELECT * FROM channel_rules").fetchall()
    channels_before = con.execute("SELECT channel, count(*) FROM touchpoints GROUP BY ALL ORDER BY ALL").fetchall()
    at = run_page(DATA, full_ws)
    assert at.data_editor(key="rules_channel").value.iloc[0]["channel"] == "Phone"

    at.session_state["rules_channel"] = edit({3: {"campaign": "cross-(network"}})
    at.run()
    at.button(key="rules_apply").click().run()

    assert not at.exception, [e.message for e in at.exception]
    errors = texts(at.error)
    assert len(errors) == 1
    assert "channel rule 4" in errors[0] and "not a valid regular expression" in errors[0]
    assert "cross-(network" in errors[0]
    assert "Traceback" not in errors[0]
    assert con.execute("SELECT * FROM channel_rules").fetchall() == rules_before
    assert con.execute("SELECT channel, count(*) FROM touchpoints GROUP BY ALL ORDER BY ALL").fetchall() == channels_before


def test_valid_rule_change_is_applied(full_ws):
    con = full_ws.con
    calls = count(con, "SELECT count(*) FROM touchpoints WHERE kind = 'call'")
    assert count(con, "SELECT count(*) FROM touchpoints WHERE channel = 'Phone'") == calls
    at = run_page(DATA, full_ws)

    at.session_state["rules_channel"] = edit({0: {"channel": "Phone calls"}})
    at.run()
    at.button(key="rules_apply").click().run()

    assert not at.exception, [e.message for e in at.exception]
    assert not at.error
    assert any("Rules applied" in s for s in texts(at.success))
    assert count(con, "SELECT count(*) FROM touchpoints WHERE channel = 'Phone calls'") == calls
    assert count(con, "SELECT count(*) FROM touchpoints WHERE channel = 'Phone'") == 0
    assert count(con, "SELECT channel FROM channel_rules WHERE priority = (SELECT min(priority) FROM channel_rules)") \
        == "Phone calls"

    at.button(key="rules_reset").click().run()
    assert not at.exception and not at.error
    assert count(con, "SELECT count(*) FROM touchpoints WHERE channel = 'Phone'") == calls


def test_rules_of_a_read_only_workspace_cannot_be_edited(tmp_path):
    ws = open_ws(build(tmp_path, {"web.csv": WEB}), read_only=True, key=f"demo-{tmp_path.name}")
    try:
        at = run_page(DATA, ws)
        assert [e.key for e in at.data_editor] == ["rules_channel", "rules_conversion", "rules_stage"]
        assert all(e.proto.disabled for e in at.data_editor)
        assert not [b for b in at.button if b.key in ("rules_apply", "rules_reset")]
        assert any("read-only" in c.value for c in at.caption)
    finally:
        ws.con.close()


def test_uploads_are_hashed_once_not_on_every_rerun(web_email_ws, monkeypatch):
    import hashlib

    from journey_explorer.ui import upload as upload_widgets
    calls, sha1 = [], hashlib.sha1
    monkeypatch.setattr(upload_widgets.hashlib, "sha1", lambda data: calls.append(1) or sha1(data))
    at = run_page(DATA, web_email_ws)
    upload(at, "calls.csv", CALLS)
    at.run()
    at.run()
    assert len(calls) == 1
    assert "Recognised as **Call log**" in " ".join(s.value for s in at.success)
