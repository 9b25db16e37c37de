"""Every real-shaped fixture file, loaded as a user would, against tests/fixtures/expected.json."""
import datetime as dt
import json

import pytest
from helpers import FIXTURES

from journey_explorer import ingest, workspace
from journey_explorer.ingest.layouts import Mapping
from journey_explorer.ingest.read import FileProblem

EXPECTED = json.loads((FIXTURES / "expected.json").read_text())
FILES = {name: e for name, e in EXPECTED.items() if name != "stitching"}
LOADABLE = sorted(n for n, e in FILES.items() if e["layout"] not in ("unknown", "unreadable"))
STITCHING = EXPECTED["stitching"]
PEOPLE = {k: v for k, v in STITCHING.items() if isinstance(v, dict) and "files" in v}


def customers_of(con, file: str, rows) -> set[str]:
    found = con.execute("SELECT DISTINCT customer_id FROM touchpoints WHERE origin_file = $f "
                        "AND list_contains($rows, origin_row)", {"f": file, "rows": list(rows)}).fetchall()
    return {r[0] for r in found}


@pytest.mark.parametrize("name", LOADABLE)
def test_fixture_loads_as_expected(con, name):
    want = FILES[name]
    report = ingest.load_files(con, [FIXTURES / name]).files[0]
    assert report.layout == want["layout"]
    assert report.rows_in_file == want["data_rows"]
    assert report.rows_loaded + report.rows_rejected == report.rows_in_file
    rejected = [r[0] for r in con.execute("SELECT origin_row FROM rejects ORDER BY 1").fetchall()]
    assert rejected == sorted(r["row"] for r in want.get("rejected", []))
    if "customers_if_loaded_alone" in want:
        assert con.execute("SELECT count(DISTINCT customer_id) FROM touchpoints").fetchall()[0][0] == \
            want["customers_if_loaded_alone"]
    for check in want.get("spot_checks", []):
        ts = con.execute("SELECT ts FROM touchpoints WHERE origin_row = $r", {"r": check["row"]}).fetchall()
        assert ts == [(dt.datetime.fromisoformat(check["ts_utc"]),)], check


@pytest.mark.parametrize("name", sorted(n for n, e in FILES.items() if e["layout"] == "unreadable"))
def test_unreadable_fixture_is_refused_plainly(con, name):
    with pytest.raises(FileProblem, match=name):
        ingest.load_files(con, [FIXTURES / name])
    assert con.execute("SELECT count(*) FROM loads").fetchall() == [(0,)]


def test_unknown_layout_loads_with_a_mapping(con):
    with pytest.raises(ingest.UnknownLayout):
        ingest.load_files(con, [FIXTURES / "unknown_layout.csv"])
    mapping = Mapping("Custom mapping", "other", {"user_id": "Kunde", "timestamp": "Zeitpunkt", "event": "Aktion",
                                                   "value": "Betrag"}, {"channel": "Kanal"})
    report = ingest.load_files(con, [FIXTURES / "unknown_layout.csv"],
                               mappings={str(FIXTURES / "unknown_layout.csv"): mapping}).files[0]
    assert report.rows_loaded + report.rows_rejected == FILES["unknown_layout.csv"]["data_rows"]
    assert report.rows_rejected == len(FILES["unknown_layout.csv"].get("rejected", []))


@pytest.fixture(scope="module")
def everything(tmp_path_factory):
    con = workspace.connect(tmp_path_factory.mktemp("all") / "workspace.duckdb")
    ingest.load_files(con, [FIXTURES / n for n in LOADABLE])
    yield con
    con.close()


@pytest.mark.parametrize("person", sorted(PEOPLE))
def test_one_person_across_files_is_one_customer(everything, person):
    spec = PEOPLE[person]
    ids = set().union(*(customers_of(everything, f, rows) for f, rows in spec["files"].items()))
    assert len(ids) == 1, f"{person} split into {len(ids)} customers"
    if "touchpoints_when_all_loaded" in spec:
        count = everything.execute("SELECT count(*) FROM touchpoints WHERE customer_id = $c",
                                   {"c": ids.pop()}).fetchall()[0][0]
        assert count == spec["touchpoints_when_all_loaded"]


@pytest.mark.parametrize("case", sorted(STITCHING["within_one_file"]))
def test_one_person_within_a_file_is_one_customer(everything, case):
    spec = STITCHING["within_one_file"][case]
    groups = spec["rows"] if isinstance(spec["rows"][0], list) else [spec["rows"]]
    found = [customers_of(everything, spec["file"], rows) for rows in groups]
    assert all(len(ids) == 1 for ids in found), spec["via"]
    assert len(set().union(*found)) == len(groups)  # the groups are different people


def test_people_who_share_nothing_stay_apart(everything):
    jane = customers_of(everything, "callrail_calls.csv", [1])
    assert customers_of(everything, "callrail_calls.csv", [7]) != jane          # Jan Dorsey, another number
    assert customers_of(everything, "klaviyo_events.csv", [4, 5]).isdisjoint(
        customers_of(everything, "mailchimp_activity.csv", [1]))                 # jane.doe@example.org
    sam = customers_of(everything, "calls_latin1_semicolon.csv", [1])
    assert sam.isdisjoint(jane) and customers_of(everything, "ctm_calls.csv", [8]).isdisjoint(sam)
    # A tracking number identifies the ad, not the caller: its callers stay apart.
    callers = everything.execute("""SELECT max(n) FROM (SELECT count(DISTINCT customer_id) AS n FROM touchpoints
                                    WHERE kind = 'call' GROUP BY attrs->>'tracking_number')""").fetchall()[0][0]
    assert callers >= 3
