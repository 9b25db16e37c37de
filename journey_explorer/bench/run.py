"""Benchmark: generated exports → load, timed against DuckDB's raw read_csv of the same files.

Times are reported as ratios to the baseline measured in the same process, so they compare
across machines.
"""
from __future__ import annotations

import multiprocessing
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import duckdb

from .. import db, demo, workspace
from ..ingest.load import load_files
from ..ingest.read import read_file
from ..views import flows, funnels, growth, segments
from ..views import overview as overview_view
from . import peer


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(n_events: int, workdir: str | Path | None = None, seed: int = 11, progress=print) -> dict:
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        tmp = Path(tmp)
        progress(f"Generating {n_events:,} events …")
        # In a child process: the generator's memory is not the product's, so it stays out of the peak.
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            gen_seconds = timed(lambda: pool.submit(demo.write_events, tmp / "data", n_events, seed=seed).result())
        files = sorted((tmp / "data").iterdir())
        rows = {}
        baseline = 0.0
        scratch = duckdb.connect(config={"memory_limit": db.memory_limit()})  # the budget loads get
        for f in files:
            baseline += timed(lambda: db.run(scratch, "bench/baseline_read", path=str(f)))
            rows[f.name] = scratch.table("baseline").count("*").fetchall()[0][0]
        scratch.close()
        progress(f"Baseline read_csv: {baseline:.2f} s; reading into raw tables …")
        kept = timed(lambda: read_and_keep(tmp / "raw.duckdb", files))
        progress(f"Read and kept: {kept:.2f} s; loading …")
        con = workspace.connect(tmp / "bench.duckdb")
        load = timed(lambda: load_files(con, files))
        touchpoints = db.rows(con, "model/totals")[0][0]
        progress("Timing the views …")
        # First call (what a user waits for after a load), then the best of two more (warm).
        view_seconds = {name: round(timed(lambda fn=fn: fn(con)), 3) for name, fn in VIEWS.items()}
        warm_seconds = {name: round(min(timed(lambda fn=fn: fn(con)) for _ in range(2)), 3)
                        for name, fn in VIEWS.items()}
        con.close()
        compared = peer.compare(tmp / "data", FUNNEL_STEPS, load, view_seconds, progress)
    return {
        "events": sum(rows.values()), "files": rows, "generate_seconds": round(gen_seconds, 2),
        "baseline_read_csv_seconds": round(baseline, 3), "load_seconds": round(load, 3),
        "load_vs_baseline": round(load / baseline, 2), "read_and_keep_seconds": round(kept, 3),
        "read_and_keep_vs_baseline": round(kept / baseline, 2), "touchpoints": touchpoints,
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        **{f"{name}_seconds": t for name, t in view_seconds.items()},
        **{f"{name}_vs_baseline": round(t / baseline, 3) for name, t in view_seconds.items()},
        **{f"{name}_warm_seconds": t for name, t in warm_seconds.items()},
        **compared,
    }


def read_and_keep(path: Path, files) -> None:
    """The first step of a load on its own: each file read as text into the raw table a workspace
    keeps (readers.read_file, in one transaction). No load can be faster than this."""
    con = duckdb.connect(str(path), config={"memory_limit": db.memory_limit()})
    with db.transaction(con):
        for i, f in enumerate(files):
            read_file(con, f, f"raw_{i}")
    con.close()


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
}
