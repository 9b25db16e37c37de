"""How long each page takes to redraw after its main control changes, in a real browser (run by
hand, not collected by pytest: timings belong in a note, not in a pass/fail test).

    python tests/browser/redraw_timing.py --data DATA_FOLDER [--workspace ID] [--repeat 3] [--json out.json]

DATA_FOLDER is a JOURNEY_EXPLORER_DATA folder (the demo is built there if missing); ID names a
private workspace in it; `--make 1000000` writes demo-shaped exports of that many events and loads
them as the workspace `timing-1000000-events` first (once: about two minutes here). For the demo and then the workspace,
each page is opened, then one control is changed and the time is taken from the click or key press
until the page shows the new result (a count the core computed beforehand), nothing is stale and
every chart has drawn. "first" is a choice not seen before (nothing cached), "again" one seen before.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).parent), str(Path(__file__).parents[1])]

from browser_kit import CHROMIUM, running_server
from playwright.sync_api import Page, sync_playwright

from journey_explorer import demo, ingest, names, workspace
from journey_explorer.filters import parse_filters
from journey_explorer.views import flows, funnels
from journey_explorer.views import overview as overview_view

SETTLED = """() => !document.querySelector('[data-testid=stStatusWidget]')
    && !document.querySelector('[data-testid=stElementContainer][data-stale=true]')
    && [...document.querySelectorAll('[data-testid=stVegaLiteChart]')].every(c => c.querySelector('canvas, svg'))"""


def expectations(path: Path) -> dict:
    """What each page must show after its change, computed by the core before the server starts."""
    con = workspace.connect(path, read_only=True)
    try:
        def nodes(**options):
            by = options.get("by", "touchpoint")
            exclude = flows.technical_in(flows.node_counts(con, by, groups=flows.DEFAULT_GROUPS)["node"]) \
                if by == "touchpoint" else ()
            links = flows.sankey_links(con, top=8, exclude=exclude, groups=flows.DEFAULT_GROUPS, **options)
            return len(set(zip(links["step"], links["source"])) | set(zip(links["step"] + 1, links["target"])))
        steps = funnels.default_steps(con)
        day = funnels.funnel(con, steps, 86400)
        calls = overview_view.overview(con, parse_filters(["kind=call"])).totals["touchpoints"]
        return {"depth6": nodes(depth=6), "depth5": nodes(depth=5), "channel": nodes(by="channel"),
                "funnel_day": f"Of {day['customers'].iloc[0]:,} customers who reached “{names.readable(steps[0])}”, "
                              f"{day['customers'].iloc[-1]:,} went on to",
                "calls": f"{calls:,}"}
    finally:
        con.close()


def timed(page: Page, act, done: str, arg=None) -> float:
    """Seconds from `act()` until the JS predicate `done` holds and the page has settled."""
    start = time.perf_counter()
    act()
    page.wait_for_function(done, arg=arg, timeout=120_000, polling=50)
    page.wait_for_function(SETTLED, timeout=120_000, polling=50)
    return time.perf_counter() - start


def pick(page: Page, label: str, option: str):
    def act():
        page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True)).click()
        page.get_by_role("option", name=option, exact=True).click()
    return act


def key_on_slider(page: Page, label: str, key: str):
    def act():
        page.get_by_test_id("stSlider").filter(has=page.get_by_text(label, exact=True)).get_by_role("slider").focus()
        page.keyboard.press(key)
    return act


NODES = """n => { const c = window.__journeysSankey;
  return !!c && c.getModel().getSeriesByIndex(0).getData().count() === n; }"""
TEXT = "t => document.body.innerText.includes(t)"


def open_page(page: Page, base: str, path: str, query: str) -> float:
    start = time.perf_counter()
    page.goto(f"{base}/{path}{query}")
    page.wait_for_selector("h1", timeout=120_000)
    page.wait_for_function(SETTLED, timeout=120_000, polling=50)
    page.wait_for_timeout(300)
    page.wait_for_function(SETTLED, timeout=120_000, polling=50)
    return time.perf_counter() - start


PAGES = ("journeys", "funnels", "growth", "segments", "overview")


def measure(page: Page, base: str, query: str, expect: dict, pages=PAGES) -> list[dict]:
    rows = []

    def record(page_name, control, first, again=None):
        rows.append({"page": page_name, "control": control, "first_s": round(first, 2),
                     "again_s": None if again is None else round(again, 2)})

    if "journeys" in pages:
        measure_journeys(page, base, query, expect, record)
    if "funnels" in pages:
        opened = open_page(page, base, "funnels", query)
        first = timed(page, pick(page, "Within", "1 day"), TEXT, expect["funnel_day"])
        again = timed(page, pick(page, "Within", "7 days"), "t => !document.body.innerText.includes(t)",
                      expect["funnel_day"])
        record("Funnels", f"Within 7 days → 1 day (page opened in {opened:.1f} s)", first, again)
    if "growth" in pages:
        measure_growth(page, base, query, record)
    if "segments" in pages:
        measure_segments(page, base, query, record)
    if "overview" in pages:
        measure_overview(page, base, query, expect, record)
    return rows


def measure_journeys(page: Page, base: str, query: str, expect: dict, record) -> None:
    opened = open_page(page, base, "journeys", query)
    page.wait_for_function(NODES, arg=expect["depth5"], timeout=120_000)
    first = timed(page, key_on_slider(page, "Steps", "ArrowRight"), NODES, expect["depth6"])
    again = timed(page, key_on_slider(page, "Steps", "ArrowLeft"), NODES, expect["depth5"])
    record("Journeys", f"Steps 5 → 6 (page opened in {opened:.1f} s)", first, again)
    record("Journeys", "Show steps as → Channel", timed(page, pick(page, "Show steps as", "Channel"), NODES,
                                                       expect["channel"]))


def measure_growth(page: Page, base: str, query: str, record) -> None:
    opened = open_page(page, base, "growth", query)
    timed(page, pick(page, "Per", "Month"), TEXT, "per month and channel.")   # it may open on another period
    for period in ("Day", "Week"):
        shown = f"per {period.lower()} and channel."
        first = timed(page, pick(page, "Per", period), TEXT, shown)
        timed(page, pick(page, "Per", "Month"), TEXT, "per month and channel.")
        again = timed(page, pick(page, "Per", period), TEXT, shown)      # its numbers are cached now
        record("Growth", f"Month → {period} (page opened in {opened:.1f} s)", first, again)
        timed(page, pick(page, "Per", "Month"), TEXT, "per month and channel.")


def measure_segments(page: Page, base: str, query: str, record) -> None:
    opened = open_page(page, base, "segments", query)
    radio = page.get_by_test_id("stRadio").filter(has_text="How many segments")
    first = timed(page, lambda: radio.get_by_text("3", exact=True).click(), TEXT, "Across all 3 segments")
    again = timed(page, lambda: radio.get_by_text("2", exact=True).click(),
                  "t => !document.body.innerText.includes(t)", "Across all 3 segments")
    record("Segments", f"How many segments 2 → 3 (page opened in {opened:.1f} s)", first, again)


def measure_overview(page: Page, base: str, query: str, expect: dict, record) -> None:
    opened = open_page(page, base, "", query)
    kind = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(has_text="Kind")

    def calls_only():
        kind.click()
        page.get_by_role("option", name="call", exact=True).click()
    record("Overview", f"Sidebar Kind → call (page opened in {opened:.1f} s)",
           timed(page, calls_only, TEXT, expect["calls"]))


def made(data: Path, events: int) -> str:
    """The id of a workspace of `events` demo-shaped events in `data`, loaded now if missing."""
    workspace_id = f"timing-{events}-events"
    if not workspace.workspace_exists(workspace_id):
        folder = data / f"{workspace_id}-exports"
        folder.mkdir(parents=True, exist_ok=True)
        files = demo.write_events(folder, events, seed=5)
        con = workspace.open_workspace(workspace_id)
        try:
            ingest.load_files(con, list(files.values()))
        finally:
            con.close()
    return workspace_id


def run_once(args, targets: dict, expected: dict) -> dict:
    """One server (nothing cached yet), one browser session per workspace."""
    env = {k: v for k, v in os.environ.items() if k != "JOURNEY_EXPLORER_DB"}
    results = {}
    with running_server(env, args.data / "redraw-timing-server.log") as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                                   "--disable-dev-shm-usage"])
        for name, (_, query) in targets.items():
            page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            page.goto(f"{base}/{query}")       # the first visit of a server imports the charting libraries
            page.wait_for_selector("h1", timeout=120_000)
            try:
                results[name] = measure(page, base, query, expected[name], args.pages)
            except Exception:
                page.screenshot(path=str(args.data / "redraw-timing-failure.png"))   # to see what it saw
                raise
            page.context.close()
        browser.close()
    return results


def best(runs: list[dict]) -> dict:
    """Each row's quickest time over the runs: on a shared machine the others' load only adds."""
    out = {}
    for name in runs[0]:
        rows = [dict(r) for r in runs[0][name]]
        for row, *others in zip(rows, *(run[name] for run in runs[1:])):
            for key in ("first_s", "again_s"):
                times = [t for t in [row[key], *(o[key] for o in others)] if t is not None]
                row[key] = min(times) if times else None
        out[name] = rows
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, type=Path, help="a JOURNEY_EXPLORER_DATA folder")
    parser.add_argument("--workspace", help="a private workspace id in it (e.g. 1M events)")
    parser.add_argument("--make", type=int, metavar="EVENTS", help="make (once) and time a workspace of this many events")
    parser.add_argument("--repeat", type=int, default=1, help="runs (a fresh server each); the best time is kept")
    parser.add_argument("--json", type=Path, help="also write the timings here")
    parser.add_argument("--pages", type=lambda text: tuple(text.split(",")), default=PAGES,
                        help=f"only these pages, e.g. growth,journeys (default: {','.join(PAGES)})")
    args = parser.parse_args()
    os.environ["JOURNEY_EXPLORER_DATA"] = str(args.data)
    targets = {"demo": (workspace.ensure_demo(), "")}
    if args.make:
        args.workspace = made(args.data, args.make)
    if args.workspace:
        targets[args.workspace] = (args.data / "workspaces" / args.workspace / "workspace.duckdb",
                                   f"?ws={args.workspace}")
    expected = {name: expectations(path) for name, (path, _) in targets.items()}
    runs = [run_once(args, targets, expected) for _ in range(max(1, args.repeat))]
    results = best(runs)
    for name, rows in results.items():
        print(f"\n{name}" + (f" (best of {len(runs)} runs)" if len(runs) > 1 else ""))
        for row in rows:
            again = "" if row["again_s"] is None else f"   again {row['again_s']:.2f} s"
            print(f"  {row['page']:<9} {row['control']:<55} first {row['first_s']:.2f} s{again}")
    if args.json:
        args.json.write_text(json.dumps({"best": results, "runs": runs}, indent=2))


if __name__ == "__main__":
    sys.exit(main() or 0)
