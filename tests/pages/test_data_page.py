"""The Data page: uploads, recognition, the mapping step and the rules editor."""
from __future__ import annotations

from page_helpers import (CALL_BAD_ROWS, CALL_ROWS, CALLS, DATA, EMAILS, OVERVIEW, TIMEOUT, UNKNOWN, WEB,
                          build, count, metrics, open_ws, run_page, texts)
from streamlit.testing.v1 import AppTest


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

    # a pattern of one's own: the advanced condition (conditions from the lists cannot be invalid)
    at.session_state["rules_channel"] = edit({3: {"campaign_op": "matches pattern (advanced)",
                                                  "campaign_value": "cross-(network"}})
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
    # The first rule names the calls that came without a source (one of the four: "direct").
    calls = count(con, "SELECT count(*) FROM touchpoints WHERE kind = 'call' AND source = 'direct'")
    assert calls == 1 < count(con, "SELECT count(*) FROM touchpoints WHERE kind = 'call'")
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
        assert [e.key for e in at.data_editor] == ["rules_channel", "rules_conversion", "rules_stage", "rules_pages"]
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


def test_a_loaded_file_is_mapped_again_from_its_kept_original(web_email_ws):
    con = web_email_ws.con
    at = run_page(DATA, web_email_ws)
    at.toggle(key="data_remap").set_value(True).run()
    at.selectbox(key="data_remap_file").set_value("emails.csv").run()
    at.toggle(key="data_remap_card_manual").set_value(True).run()
    at.selectbox(key="data_remap_card_kind").set_value("other").run()
    at.button(key="data_remap_go").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert count(con, "SELECT count(DISTINCT kind) FROM touchpoints WHERE origin_file = 'emails.csv'") == 1
    assert count(con, "SELECT count(*) FROM touchpoints WHERE origin_file = 'emails.csv' AND kind = 'other'") == 4
    assert count(con, "SELECT count(*) FROM loads WHERE file = 'emails.csv'") == 1


def test_the_same_file_twice_is_refused_and_then_loaded_when_asked(web_email_ws):
    con = web_email_ws.con
    at = run_page(DATA, web_email_ws)
    upload(at, "emails again.csv", EMAILS)
    at.button(key="data_load").click().run()
    assert any("loaded already" in e.value for e in at.error)
    at.checkbox(key="data_again").check().run()
    at.button(key="data_load").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert count(con, "SELECT count(*) FROM events WHERE origin_file = 'emails again.csv'") == 4
