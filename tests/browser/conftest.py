"""A real Streamlit server and a real Chromium for the browser tests (recipe: TESTING.md).

One server per test session, started on a free port with its own data folder (so the demo
workspace and every private workspace the tests create live in tmp), exposed to
pytest-playwright as ``base_url``.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
INSTALL_HINT = (
    "Install it with `apt-get install -y chromium fonts-liberation` (Debian/Ubuntu), or run "
    "`python -m playwright install chromium` and point CHROMIUM_PATH at the browser it downloads "
    "(or at any other Chromium/Chrome binary)."
)
SERVER_START_TIMEOUT = 60
DEMO_BUILD_TIMEOUT = 300


def chromium_path() -> str:
    found = shutil.which(CHROMIUM) if not os.path.isabs(CHROMIUM) else CHROMIUM
    if not found or not os.path.isfile(found) or not os.access(found, os.X_OK):
        pytest.fail(f"The browser tests need Chromium, and none was found at {CHROMIUM!r} "
                    f"(set CHROMIUM_PATH to use another one). {INSTALL_HINT}", pytrace=False)
    return found


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium_path(),
            "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


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


@contextmanager
def running_server(env: dict, log: Path):
    """`streamlit run app.py` on a free port, as README's serve starts it; yields its URL."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py",
               "--server.headless", "true", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
    with open(log, "w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"The Streamlit server exited with {proc.returncode}:\n{tail(log)}", pytrace=False)
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read().decode().strip() == "ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"The Streamlit server did not answer within {SERVER_START_TIMEOUT} s:\n"
                            f"{tail(log)}", pytrace=False)
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


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
