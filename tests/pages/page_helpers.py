"""What the page tests share: small realistic exports, workspaces built from them, and running a
page file on its own with AppTest (see TESTING.md: the pages/ pitfall). Every page test puts a
workspace into the session first, so pages show numbers we can check against the core.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa

from streamlit.testing.v1 import AppTest

from journey_explorer import ingest, workspace
from journey_explorer.ui.state import Workspace

ROOT = Path(__file__).resolve().parents[2]
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
    con = workspace.connect(path)
    try:
        if files:
            ingest.load_files(con, [write(folder, n, t) for n, t in files.items()])
    finally:
        con.close()
    return path


def open_ws(path: Path, read_only: bool = False, key: str | None = None, id: str | None = None) -> Workspace:
    con = workspace.connect(path, read_only=read_only)
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


def run_linked(page: str, ws: Workspace, query: dict[str, str]) -> AppTest:
    """A page opened from a copied link: a fresh session whose address carries these parameters."""
    at = AppTest.from_file(page, default_timeout=TIMEOUT)
    at.session_state["workspace"] = ws
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(elements) -> list[str]:
    return [e.value for e in elements]


SIDEBAR_PAGE = """
from journey_explorer.ui import sidebar
sidebar.render()
exec(open(PAGE).read())
"""


def run_with_sidebar(ws, page: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_string(SIDEBAR_PAGE.replace("PAGE", repr(page)), default_timeout=60)
    at.session_state["workspace"] = ws
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def charts(at) -> dict[str, pd.DataFrame]:
    """Each Altair chart's title → its data (the first dataset: a layer's own data comes later)."""
    out = {}
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        title = spec.get("title") or spec["layer"][0].get("title")
        out[title["text"] if isinstance(title, dict) else title] = \
            pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_pandas()
    return out
