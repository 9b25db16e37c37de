"""The "Download report" button in a real browser against a real Streamlit server: the report is
built on click, off the script's thread, with the session's filters and page settings."""
from __future__ import annotations

import subprocess
import sys
import time
import urllib.request

import pytest
from browser_kit import ROOT, SERVER_START_TIMEOUT, free_port, tail
from playwright.sync_api import expect
from report_reading import fetched_urls, read_report

from journey_explorer.report import SECTIONS

pytestmark = pytest.mark.browser

# The sidebar as app.py draws it is the lead's to wire (ui/sidebar.py); this is the button alone,
# on the demo, with a Journeys setting and a sidebar filter already chosen in the session.
SCRIPT = """
import streamlit as st
from journey_explorer.ui import report_button
st.session_state.setdefault("journeys_by", "channel")
st.session_state.setdefault("flt_kinds", ["web", "call"])
with st.sidebar:
    report_button.render()
st.write("Ready")
"""


@pytest.fixture(scope="module")
def button_server(app_env, demo, tmp_path_factory):
    folder = tmp_path_factory.mktemp("report_button")
    script, log = folder / "button.py", folder / "streamlit.log"
    script.write_text(SCRIPT)
    port = free_port()
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
                                 "--server.port", str(port), "--server.address", "127.0.0.1",
                                 "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                                cwd=ROOT, env=app_env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            assert proc.poll() is None, tail(log)
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read().decode().strip() == "ok":
                        break
            except OSError:
                assert time.monotonic() < deadline, tail(log)
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_button_downloads_the_report_of_this_session(browser, button_server, demo):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1300, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(button_server)
        expect(page.get_by_text("Ready")).to_be_visible(timeout=30_000)
        button = page.get_by_test_id("stSidebar").get_by_role("button", name="Download report")
        expect(button).to_be_visible()
        with page.expect_download(timeout=60_000) as download:
            button.click()
        assert download.value.suggested_filename.startswith("journey-report-")
        html = download.value.path().read_text(encoding="utf-8")
    finally:
        context.close()
    report = read_report(html)
    assert fetched_urls(report) == []
    assert list(report.sections) == [f.__name__.removesuffix("_section") for f in SECTIONS]
    assert report.filters == ["Touchpoints whose kind is web or call"]
    assert int(report.metrics["customers"].replace(",", "")) < demo["customers"]  # emails-only left out
    assert report.sections["journeys"].settings.startswith("View: steps shown as channels")
    assert errors == []
