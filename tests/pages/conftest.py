"""Fixtures of the page tests: workspaces built from the exports in page_helpers."""
from __future__ import annotations

import pytest
from page_helpers import CALLS, EMAILS, WEB, build, open_ws


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
