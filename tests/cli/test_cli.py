"""The console script, run as a user would (a real process, a real workspace file)."""
import io
import json
import subprocess
import sys

import pandas as pd
from helpers import cli, generated_workspace, write_csv

from journey_explorer import names, rules, workspace


def test_load_json_summary(tmp_path, journey_files):
    ws = tmp_path / "ws.duckdb"
    run = cli("load", *journey_files.values(), "--db", ws, "--json")
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    assert summary == {
        "files": [
            {"file": "ga4.csv", "layout": "GA4 export", "rows_in_file": 3, "rows_loaded": 2, "rows_rejected": 1},
            {"file": "calls.csv", "layout": "Call log", "rows_in_file": 3, "rows_loaded": 2, "rows_rejected": 1},
            {"file": "emails.csv", "layout": "Email activity", "rows_in_file": 4, "rows_loaded": 3, "rows_rejected": 1},
        ],
        "touchpoints": 7, "customers": 3}


def test_export_touchpoints_and_rejects(tmp_path, journey_files):
    ws = tmp_path / "ws.duckdb"
    assert cli("load", *journey_files.values(), "--db", ws).returncode == 0
    out = tmp_path / "email.csv"
    run = cli("export", "touchpoints", "--db", ws, "--where", "kind=email", "--out", out)
    assert run.returncode == 0, run.stderr
    frame = pd.read_csv(out)
    assert list(frame.columns) == ["customer_id", "ts", "kind", "touchpoint", "touchpoint_name", "channel", "source", "medium",
                                   "campaign", "keyword", "value", "is_conversion", "stage", "session_id",
                                   "attrs", "origin_file", "origin_row"]
    assert set(frame["kind"]) == {"email"} and len(frame) == 3
    rejects = cli("export", "rejects", "--db", ws)
    assert rejects.returncode == 0 and rejects.stdout.startswith("origin_file,origin_row,reason,raw")
    assert "ann@example.org" not in rejects.stdout
    assert "ann@example.org" in cli("export", "rejects", "--db", ws, "--show-pii").stdout


def test_unreadable_file_exits_non_zero_and_changes_nothing(tmp_path, journey_files):
    ws = tmp_path / "ws.duckdb"
    assert cli("load", journey_files["web"], "--db", ws).returncode == 0
    before = workspace.connect(ws, read_only=True).execute("SELECT count(*) FROM events").fetchall()
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 nope")
    run = cli("load", journey_files["calls"], broken, "--db", ws, "--json")
    assert run.returncode != 0 and run.stdout == ""
    assert run.stderr.strip().splitlines()[-1].startswith("error: broken.parquet could not be read")
    after = workspace.connect(ws, read_only=True).execute("SELECT count(*) FROM events").fetchall()
    assert after == before


def test_saved_mapping_loads_an_unknown_layout(tmp_path):
    data = write_csv(tmp_path / "kunden.csv", ["Kunde", "Zeitpunkt", "Aktion", "Betrag"],
                     [["K1", "2024-01-01T10:00:00", "kauf", "12.5"], ["K2", "2024-01-02T10:00:00", "besuch", ""]])
    ws = tmp_path / "ws.duckdb"
    refused = cli("load", data, "--db", ws)
    assert refused.returncode == 2 and "not recognised" in refused.stderr
    mapping = tmp_path / "kunden.mapping.json"
    mapping.write_text(json.dumps({"kind": "other", "columns": {"user_id": "Kunde", "timestamp": "Zeitpunkt",
                                                                 "event": "Aktion", "value": "Betrag"}}))
    run = cli("load", data, "--db", ws, "--mapping", mapping, "--conversion", "kauf", "--json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["files"][0]["rows_loaded"] == 2
    con = workspace.connect(ws, read_only=True)
    assert con.execute("SELECT touchpoint, value, is_conversion FROM touchpoints ORDER BY ts").fetchall() == [
        ("kauf", 12.5, True), ("besuch", None, False)]


def test_country_setting_reads_local_phone_numbers(tmp_path):
    calls = write_csv(tmp_path / "uk_calls.csv", ["Start Time", "Caller Number", "Duration", "Answered"],
                      [["2024-01-01 10:00", "020 7946 0018", "30", "yes"], ["2024-01-02 10:00", "+44 20 7946 0018", "0", "no"]])
    ws = tmp_path / "ws.duckdb"
    assert cli("load", calls, "--db", ws, "--country", "GB").returncode == 0
    con = workspace.connect(ws, read_only=True)
    assert con.execute("SELECT id_value FROM identities WHERE id_type = 'phone'").fetchall() == [("+442079460018",)]


def test_plain_errors(tmp_path):
    missing = cli("load", tmp_path / "nope.csv", "--db", tmp_path / "ws.duckdb")
    assert missing.returncode == 2 and "nope.csv does not exist" in missing.stderr
    bad_filter = cli("export", "touchpoints", "--db", tmp_path / "ws.duckdb", "--where", "x")
    assert bad_filter.returncode == 2


def test_export_flow_views_with_the_design_columns(tmp_path, journey_files):
    ws = tmp_path / "ws.duckdb"
    assert cli("load", *journey_files.values(), "--db", ws).returncode == 0
    columns = {
        "sankey": "step,source,source_name,target,target_name,customers",
        "paths": "path,path_names,customers,share,conversions,conversion_rate",
        "funnel": "step,name,plain_name,customers,conversion_from_start,conversion_from_previous,"
                  "median_seconds_from_previous",
    }
    extra = {"funnel": ["--steps", "page_view /pricing>generate_lead>First call answered", "--window", "30d"]}
    for view, header in columns.items():
        run = cli("export", view, "--db", ws, *extra.get(view, []))
        assert run.returncode == 0, run.stderr
        assert run.stdout.splitlines()[0] == header
    assert cli("export", "funnel", "--db", ws, *extra["funnel"], "--out", tmp_path / "f.csv").returncode == 0
    funnel = pd.read_csv(tmp_path / "f.csv")
    assert list(funnel["customers"]) == [1, 1, 1]  # Jane: pricing page, the form, then her first call
    refused = cli("export", "funnel", "--db", ws, "--steps", "purchase")
    assert refused.returncode == 2 and "at least two funnel steps" in refused.stderr


def test_export_into_a_reader_that_stops_early(tmp_path):
    generated_workspace(tmp_path, 3_000, seed=5).close()
    export = subprocess.Popen([sys.executable, "-m", "journey_explorer.cli", "export", "touchpoints",
                               "--db", tmp_path / "workspace.duckdb"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert export.stdout.readline().startswith("customer_id,ts,kind")  # as `| head -1` reads
    export.stdout.close()
    assert export.wait(timeout=120) == 1
    assert export.stderr.read() == ""  # no traceback


def test_exports_keep_the_raw_step_beside_its_plain_name(tmp_path, journey_files):
    """Every export that names journey steps puts the readable name right after the raw one,
    named by the workspace's own page-name rules; the raw column is what filters and rules use."""
    ws = tmp_path / "ws.duckdb"
    assert cli("load", *journey_files.values(), "--db", ws).returncode == 0
    con = workspace.connect(ws)
    rules.set_setting(con, names.PAGE_NAMES_SETTING, names.page_rules_setting([("^/pricing$", "Plans")]))
    con.close()
    touchpoints = pd.read_csv(io.StringIO(cli("export", "touchpoints", "--db", ws).stdout))
    pairs = dict(zip(touchpoints["touchpoint"], touchpoints["touchpoint_name"]))
    assert pairs["page_view /pricing"] == "Viewed plans" and pairs["generate_lead"] == "Lead form sent"
    assert pairs["First call answered"] == "First call answered"       # a name people wrote passes through
    sankey = pd.read_csv(io.StringIO(cli("export", "sankey", "--db", ws).stdout))
    expected = names.namer([("^/pricing$", "Plans")])
    for raw, plain in ("source", "source_name"), ("target", "target_name"):
        assert sankey[plain].tolist() == [expected(v) for v in sankey[raw]]
    paths = pd.read_csv(io.StringIO(cli("export", "paths", "--db", ws).stdout))
    assert paths["path_names"].tolist() == [names.path_text(p, expected) for p in paths["path"]]
    after = pd.read_csv(io.StringIO(cli("export", "next", "--db", ws, "--after", "page_view /pricing").stdout))
    assert list(after.columns[:2]) == ["next", "next_name"] and list(after.columns[-2:]) == ["context", "context_names"]
    assert after["next_name"].tolist() == [expected(v) for v in after["next"]]
    funnel = pd.read_csv(io.StringIO(cli("export", "funnel", "--db", ws, "--steps", "page_view /pricing>generate_lead",
                                         "--window", "30d").stdout))
    assert funnel["plain_name"].tolist() == ["Viewed plans", "Lead form sent"]
    growth = cli("export", "growth", "--db", ws).stdout.splitlines()[0]   # groups are channels: nothing to name
    assert "_name" not in growth
