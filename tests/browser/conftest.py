"""A real Streamlit server and a real Chromium for the browser tests (recipe: TESTING.md).

One server per test session, started on a free port with its own data folder (so the demo
workspace and every private workspace the tests create live in tmp), exposed to
pytest-playwright as ``base_url``.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser_kit import ARTIFACTS, DEMO_BUILD_TIMEOUT, ROOT, SCREENSHOTS, chromium_path, running_server, tail

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium_path(),
            "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}}


@pytest.fixture(scope="session")
def app_env(tmp_path_factory) -> dict:
    """The server's environment: a data folder of its own, never JOURNEY_EXPLORER_DB."""
    data = tmp_path_factory.mktemp("journey-explorer-data")
    env = {k: v for k, v in os.environ.items() if k != "JOURNEY_EXPLORER_DB"}
    env["JOURNEY_EXPLORER_DATA"] = str(data)
    env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.fixture(scope="session")
def demo(app_env, tmp_path_factory) -> dict:
    """Build the demo workspace before the server starts (so no test waits for it) and read
    its headline numbers with the core: the numbers an untouched demo session must show."""
    log = tmp_path_factory.mktemp("logs") / "demo-build.log"
    script = ("import json; from journey_explorer import workspace as w\nfrom journey_explorer.views import overview\n"
              "path = w.ensure_demo()\n"
              "con = w.connect(path, read_only=True)\n"
              "t = overview.overview(con).totals\n"
              "con.close()\n"
              "print(json.dumps({'path': str(path), 'customers': int(t['customers']),"
              " 'touchpoints': int(t['touchpoints'])}))\n")
    with open(log, "w") as out:
        done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=app_env, stdout=subprocess.PIPE,
                              stderr=out, text=True, timeout=DEMO_BUILD_TIMEOUT)
    if done.returncode != 0:
        pytest.fail(f"Could not build the demo workspace from sample_data/ (exit {done.returncode}):\n"
                    f"{tail(log)}", pytrace=False)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def app_server(app_env, demo, tmp_path_factory):
    """One server for the session; yields its URL, log and data folder."""
    log = tmp_path_factory.mktemp("logs") / "streamlit.log"
    with running_server(app_env, log) as url:
        yield {"url": url, "log": log, "data": Path(app_env["JOURNEY_EXPLORER_DATA"])}


@pytest.fixture(scope="session")
def base_url(app_server) -> str:
    return app_server["url"]


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def screenshot(artifacts):
    """page → tests/artifacts/<name>.png; with UPDATE_SCREENSHOTS=1 also docs/screenshots/ (README).

    Streamlit scrolls inside its main container, so a "full page" shot is only the viewport:
    the window is made tall enough for the whole page first, then put back.
    """
    def take(page, name: str, height: int | None = None) -> Path:
        shot = artifacts / f"{name}.png"
        size = page.viewport_size
        if height:
            page.set_viewport_size({"width": size["width"], "height": height})
            page.wait_for_timeout(500)  # let the charts and grids re-layout to the new size
        try:
            page.screenshot(path=str(shot))
        finally:
            page.set_viewport_size(size)
        if os.environ.get("UPDATE_SCREENSHOTS") == "1":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shot, SCREENSHOTS / shot.name)
        return shot
    return take
