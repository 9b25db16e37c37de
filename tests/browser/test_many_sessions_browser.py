"""Twenty browser sessions on one server at once: ten on one shared ?ws= link, ten on workspaces of
their own, every one uploading a file and exploring while the others do. No traceback; a private
workspace shows its own data only; the shared one ends with every upload in it, the same for all.
"""
from __future__ import annotations

import asyncio
import re
import threading
import time

import pytest
from conftest import ARTIFACTS, chromium_path, running_server
from helpers import cli
from playwright.async_api import async_playwright, expect

from journey_explorer import ingest, workspace
from journey_explorer.views import tables

pytestmark = pytest.mark.browser

SESSIONS, SHARED = 20, 10
TIMEOUT = 180_000  # ms for one step: twenty sessions share two cores with the server
DEADLINE = 600  # s for the whole test
HEADER = ("Start Time,Customer Phone Number,Tracking Phone Number,Duration (seconds),Answered,"
          "First-Time Caller,Source,Medium,Campaign,Keywords,Landing Page,GCLID,Value,Device Type,Customer City")


def call_log(n: int) -> tuple[bytes, int]:
    """Session n's own call log (content of its own): 3 to 6 calls, each from a caller of its own."""
    calls = 3 + n % 4
    rows = [f"2024-05-{1 + k:02d} 09:{n:02d}:00,({201 + n}) 555-01{k:02d},(800) 555-0100,{60 + k},true,true,"
            f"google,cpc,campaign_{n},boots,/boots,,{10 * k},mobile,Springfield" for k in range(calls)]
    return (HEADER + "\n" + "\n".join(rows) + "\n").encode(), calls


def metric(page, label: str):
    return page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


async def go_to(page, title: str) -> None:
    nav = page.locator("[data-testid=stTopNav], [data-testid=stSidebarNav]").first
    await nav.get_by_role("link", name=title).click()
    await expect(page.get_by_role("heading", name=title, level=1)).to_be_visible(timeout=TIMEOUT)


async def touchpoints_shown(page) -> int:
    value = metric(page, "Touchpoints")
    await expect(value).to_be_visible(timeout=TIMEOUT)
    return int((await value.inner_text()).replace(",", ""))


async def upload(page, n: int) -> None:
    data, _ = call_log(n)
    await page.locator("input[type=file]").set_input_files(
        files=[{"name": f"calls_{n}.csv", "mimeType": "text/csv", "buffer": data}])
    load = page.get_by_role("button", name="Load 1 file")
    await expect(load).to_be_enabled(timeout=TIMEOUT)
    await load.click()
    await expect(page.get_by_text("Loaded. The workspace now has")).to_be_visible(timeout=TIMEOUT)


async def open_page(browser, url: str):
    # Wide enough for the whole navigation bar beside the sidebar: narrower, it folds the last
    # pages into a "N more" menu once the sidebar has drawn, and their links go inert.
    context = await browser.new_context(viewport={"width": 1800, "height": 1000})
    context.set_default_timeout(TIMEOUT)
    page = await context.new_page()
    await page.goto(url)
    await expect(page.locator("[data-testid=stTopNav], [data-testid=stSidebarNav]").first).to_be_visible(timeout=TIMEOUT)
    await expect(page.get_by_test_id("stSidebar").get_by_text("Filters")).to_be_visible(timeout=TIMEOUT)
    return page


async def one_session(browser, base: str, n: int, shared: str | None) -> dict:
    """Upload session n's file (into the shared workspace, or a new private one), then explore."""
    page = await open_page(browser, f"{base}/?ws={shared}" if shared else base)
    started = time.perf_counter()
    try:
        await go_to(page, "Data")
        await upload(page, n)
        found = re.search(r"[?&]ws=([A-Za-z0-9_-]+)", page.url)
        await go_to(page, "Journeys")
        await expect(page.locator(".echarts-container canvas").first).to_be_attached(timeout=TIMEOUT)
        await go_to(page, "Overview")
        shown = await touchpoints_shown(page)
    except Exception:
        await page.screenshot(path=str(ARTIFACTS / f"many_sessions_{n}.png"))  # what that user saw
        raise
    return {"n": n, "page": page, "ws": found and found[1], "touchpoints": shown,
            "errors": await page.get_by_test_id("stException").count(), "seconds": time.perf_counter() - started}


def launch(p):
    return p.chromium.launch(executable_path=chromium_path(),
                             args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])


async def all_sessions(base: str) -> dict:
    async with async_playwright() as p:
        browser = await launch(p)
        try:
            first = await open_page(browser, base)  # makes the workspace the link shares
            await go_to(first, "Data")
            await upload(first, SESSIONS)
            shared = re.search(r"[?&]ws=([A-Za-z0-9_-]+)", first.url)[1]
            started = time.perf_counter()
            done = await asyncio.gather(*(one_session(browser, base, n, shared if n < SHARED else None)
                                          for n in range(SESSIONS)))
            elapsed = time.perf_counter() - started
            # Every session still open: the shared workspace looks the same from each of them.
            after = []
            for result in done[:SHARED]:
                await result["page"].reload()
                after.append(await touchpoints_shown(result["page"]))
            return {"shared": shared, "sessions": done, "after": after, "elapsed": elapsed,
                    "errors": sum(r["errors"] for r in done) + await first.get_by_test_id("stException").count()}
        finally:
            await browser.close()


def run_in_a_thread(coroutine_function, *args):
    """asyncio.run in a thread of its own (the sync Playwright of other tests may own this one)."""
    box = {}

    def target():
        try:
            box["result"] = asyncio.run(coroutine_function(*args))
        except BaseException as exc:  # noqa: BLE001 - raised again in the test's thread
            box["error"] = exc
    thread = threading.Thread(target=target)
    thread.start()
    thread.join(DEADLINE)
    assert not thread.is_alive(), f"the sessions did not finish within {DEADLINE} s"
    if "error" in box:
        raise box["error"]
    return box["result"]


def test_twenty_sessions_half_on_one_shared_link_upload_and_explore_at_once(app_server, demo):
    log_start = app_server["log"].stat().st_size
    result = run_in_a_thread(all_sessions, app_server["url"])
    log = app_server["log"].read_text(errors="replace")[log_start:]
    assert "Traceback" not in log and "Exception" not in log, log[-3000:]
    assert result["errors"] == 0

    shared, sessions = result["shared"], result["sessions"]
    expected_shared = call_log(SESSIONS)[1] + sum(call_log(n)[1] for n in range(SHARED))
    for session in sessions[:SHARED]:
        assert session["ws"] == shared
    # Private workspaces: each its own, with its own calls and nothing else.
    private = sessions[SHARED:]
    assert len({s["ws"] for s in private}) == len(private) and shared not in {s["ws"] for s in private}
    assert [s["touchpoints"] for s in private] == [call_log(s["n"])[1] for s in private]
    # The shared one: every upload landed once, and every session sees that.
    assert result["after"] == [expected_shared] * SHARED
    path = app_server["data"] / "workspaces" / shared / "workspace.duckdb"
    con = workspace.connect(path, read_only=True)  # the server holds it: read from a copy
    try:
        loads = tables.loads(con)
        assert sorted(loads["file"]) == sorted([f"calls_{n}.csv" for n in range(SHARED)] + [f"calls_{SESSIONS}.csv"])
        assert loads["rows_loaded"].sum() == expected_shared
    finally:
        con.close()
    print(f"\n{SESSIONS} sessions ({SHARED} on one link) uploaded and explored in {result['elapsed']:.0f} s; "
          f"slowest session {max(s['seconds'] for s in sessions):.0f} s")


async def visitors(base: str, count: int) -> list[dict]:
    """`count` visitors opening the served workspace at once, each moving to Journeys and back."""
    async def visit(n):
        page = await open_page(browser, base)
        first = await touchpoints_shown(page)
        await go_to(page, "Journeys")
        await go_to(page, "Overview")
        return {"first": first, "again": await touchpoints_shown(page),
                "errors": await page.get_by_test_id("stException").count()}
    async with async_playwright() as p:
        browser = await launch(p)
        try:
            return await asyncio.gather(*(visit(n) for n in range(count)))
        finally:
            await browser.close()


def test_eight_visitors_of_serve_db_at_once_and_the_cli_beside_it(app_env, demo, tmp_path):
    path = tmp_path / "served.duckdb"
    con = workspace.connect(path)
    files = []
    for n in range(3):
        files.append(tmp_path / f"calls_{n}.csv")
        files[-1].write_bytes(call_log(n)[0])
    ingest.load_files(con, files)
    total = len(tables.touchpoints(con))
    con.close()
    log = tmp_path / "streamlit.log"
    with running_server({**app_env, "JOURNEY_EXPLORER_DB": str(path)}, log) as url:
        seen = run_in_a_thread(visitors, url, 8)
        # While the server holds the file: a load says why in one sentence; an export reads a copy.
        load = cli("load", files[0], "--db", path)
        export = cli("export", "touchpoints", "--db", path)
    assert "Traceback" not in log.read_text(errors="replace")
    assert seen == [{"first": total, "again": total, "errors": 0}] * 8
    assert load.returncode == 2 and len(load.stderr.strip().splitlines()) == 1
    assert "is in use by another program" in load.stderr
    assert export.returncode == 0 and len(export.stdout.strip().splitlines()) == 1 + total
