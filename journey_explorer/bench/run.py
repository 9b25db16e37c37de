"""Benchmark: generated exports → load → views, timed against DuckDB's own read_csv of the same
files into a table, measured in the same run, so the ratios compare across machines.

Two shapes: `demo` (GA4 web events, calls and emails, as the demo) and `plain` (one
`user_id,event,timestamp` log, bench/plain.py). For the plain log, file → first Sankey is the
wall clock of two commands a user would run (`journey-explorer load`, then `export sankey`).
Both shapes also time appending a 1,000-row file to the loaded workspace.
"""
from __future__ import annotations

import multiprocessing
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import duckdb

from .. import db, demo, workspace
from ..ingest.load import load_files
from ..views import attribution, calls, flows, funnels, growth, next_step, obstacles, segments
from ..views import overview as overview_view
from . import peer, plain

SHAPES = ("demo", "plain")
APPENDED_ROWS = 1_000


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def generate(shape: str, folder: Path, n_events: int, seed: int) -> list[Path]:
    """The shape's files in folder (in a child process: the generator's memory is not ours)."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        if shape == "plain":
            pool.submit(plain.write_plain_log, folder / peer.PLAIN_LOG, n_events, seed=seed).result()
        else:
            pool.submit(demo.write_events, folder, n_events, seed=seed).result()
    return sorted(folder.iterdir())


def run(n_events: int, workdir: str | Path | None = None, seed: int = 11, progress=print,
        shape: str = "demo") -> dict:
    if shape not in SHAPES:
        raise ValueError(f'The bench shape "{shape}" should be one of {", ".join(SHAPES)}.')
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        tmp = Path(tmp)
        progress(f"Generating {n_events:,} {shape}-shaped events …")
        gen_seconds = timed(lambda: generate(shape, tmp / "data", n_events, seed))
        files = sorted((tmp / "data").iterdir())
        extra = generate(shape, tmp / "extra", APPENDED_ROWS, seed + 1)
        baseline, rows = baseline_read(files)
        progress(f"Baseline read_csv: {baseline:.2f} s; loading …")
        path = tmp / "bench.duckdb"
        if shape == "plain":
            load, sankey_export = load_and_export(files, path)
            con = workspace.connect(path)
        else:
            con = workspace.connect(path)
            load = timed(lambda: load_files(con, files))
        touchpoints = db.rows(con, "model/totals")[0][0]
        progress("Timing the views …")
        views = VIEWS if shape == "demo" else PLAIN_VIEWS
        # First call (what a user waits for after a load), then the best of two more (warm).
        view_seconds = {name: round(timed(lambda fn=fn: fn(con)), 3) for name, fn in views.items()}
        warm_seconds = {name: round(min(timed(lambda fn=fn: fn(con)) for _ in range(2)), 3)
                        for name, fn in views.items()}
        progress(f"Appending {APPENDED_ROWS:,} rows …")
        append = timed(lambda: load_files(con, extra, names={str(f): "appended-" + f.name for f in extra}))
        con.close()
        compared = peer.compare(tmp / "data", FUNNEL_STEPS if shape == "demo" else [], load, view_seconds, progress)
    result = {
        "shape": shape, "events": sum(rows.values()), "files": rows, "generate_seconds": round(gen_seconds, 2),
        "baseline_read_csv_seconds": round(baseline, 3), "load_seconds": round(load, 3),
        "load_vs_baseline": round(load / baseline, 2), "touchpoints": touchpoints,
        "append_seconds": round(append, 3), "append_budget_seconds": round(2 + 0.05 * load, 3),
        "peak_memory_mb": peak_memory_mb(),
        **{f"{name}_seconds": t for name, t in view_seconds.items()},
        **{f"{name}_vs_baseline": round(t / baseline, 3) for name, t in view_seconds.items()},
        **{f"{name}_warm_seconds": t for name, t in warm_seconds.items()},
        **compared,
    }
    if shape == "plain":
        result["file_to_sankey_seconds"] = round(load + sankey_export, 3)
        result["file_to_sankey_vs_baseline"] = round((load + sankey_export) / baseline, 2)
    return result


def baseline_read(files) -> tuple[float, dict]:
    """DuckDB's read_csv of each file into a table, with the memory budget loads get."""
    scratch = duckdb.connect(config={"memory_limit": db.memory_limit()})
    seconds, rows = 0.0, {}
    for f in files:
        seconds += timed(lambda: db.run(scratch, "bench/baseline_read", path=str(f)))
        rows[f.name] = scratch.table("baseline").count("*").fetchall()[0][0]
    scratch.close()
    return seconds, rows


def load_and_export(files, path: Path) -> tuple[float, float]:
    """Wall clock of `journey-explorer load` and of `export sankey --depth 5`, as a user runs them."""
    def cli(*args):
        done = subprocess.run([sys.executable, "-m", "journey_explorer.cli", *map(str, args)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed")
    load = timed(lambda: cli("load", *files, "--db", path, "--json"))
    export = timed(lambda: cli("export", "sankey", "--db", path, "--depth", 5, "--out", path.with_suffix(".csv")))
    return load, export


def peak_memory_mb() -> int:
    """The peak of this process and of the commands it ran (each measured on its own)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024)


def journeys_page(con) -> None:
    """The Journeys page as it opens: its pickers, then the Sankey and the top paths with the
    technical hits left out and blog and product pages grouped."""
    names = flows.node_counts(con, groups=flows.DEFAULT_GROUPS)["node"]
    options = dict(exclude=flows.technical_in(names), groups=flows.DEFAULT_GROUPS)
    flows.sankey_links(con, depth=5, top=10, **options)
    flows.top_paths(con, depth=5, top=20, **options)


# Every view, as a user would first open it (on the generated demo-shaped data).
FUNNEL_STEPS = ["page_view /pricing", "add_to_cart", "begin_checkout", "purchase"]
VIEWS = {
    "sankey": lambda con: flows.sankey_links(con, depth=5, top=10),
    "paths": lambda con: flows.top_paths(con, depth=5, top=20),
    "funnel": lambda con: funnels.funnel(con, FUNNEL_STEPS, 7 * 86400),
    "overview": lambda con: overview_view.overview(con),
    "growth": lambda con: growth.growth(con, "channel", "month"),
    "segments": lambda con: segments.compare(con, [segments.segment(["kind=call"]), segments.segment(["kind!=call"])]),
    "journeys_page": journeys_page,
    "calls": lambda con: calls.calls(con, "campaign"),
    "calls_page": lambda con: calls.report(con, "campaign"),
    # The Attribution page as it opens: all seven models by channel, the totals and the caption.
    "attribution": lambda con: attribution.summarise(con, attribution.MODELS),
    "next": lambda con: next_step.predict_next(con, ["view_item", "page_view /pricing"], top=10),
    "evaluate_next": lambda con: next_step.evaluate_next(con),
    "obstacles": lambda con: obstacles.obstacles(con, "month"),
}
PLAIN_VIEWS = {
    "sankey": VIEWS["sankey"], "paths": VIEWS["paths"], "overview": VIEWS["overview"],
    "funnel": lambda con: funnels.funnel(con, ["view_item", "add_to_cart", "begin_checkout", "purchase"], 7 * 86400),
}
