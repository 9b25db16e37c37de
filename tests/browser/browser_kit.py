"""What the browser tests share besides fixtures: where things are, a free port, a server
running the app as README's serve starts it, the end of a log."""
from __future__ import annotations

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


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
