"""Measure the biggest file a user loads: a seeded plain event log (bench/plain.py, 25M rows is
about 1 GB) loaded by `journey-explorer load` on the default settings, beside DuckDB's own
read_csv of the same file, each in a child process so each peak is its own.

    python -m journey_explorer.bench.big_file --rows 25000000 --folder /tmp/big

Peak memory is the child's maximum resident set size as `/usr/bin/time -v` reports it; spill is
the most DuckDB's temp folder held. Both are also given per stage of the load (its progress lines).
The file is generated once and kept in the folder for the next run (it is outside git).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from .plain import write_plain_log

BASELINE = """
import sys, duckdb
from journey_explorer import db
con = duckdb.connect(sys.argv[2], config={"memory_limit": db.memory_limit(), "enable_progress_bar": False})
db.run(con, "bench/baseline_read", path=sys.argv[1])
print(con.table("baseline").count("*").fetchall()[0][0])
"""


def folder_size(folder: Path) -> int:
    try:
        return sum(f.stat().st_size for f in folder.iterdir() if f.is_file())
    except OSError:  # the folder comes and goes with the load
        return 0


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and its children (the load runs under /usr/bin/time)."""
    total, todo = 0, [pid]
    while todo:
        here = todo.pop()
        try:
            status = Path(f"/proc/{here}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
            for task in Path(f"/proc/{here}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def measured(command: list[str], spill: Path | None = None) -> dict:
    """Wall time, the peak of /usr/bin/time -v, and per stage of the load (its progress lines on
    stderr) the time it began and the most memory and spill seen in it (sampled twice a second)."""
    timer = Path("/usr/bin/time")
    if timer.exists():
        command = [str(timer), "-v", *command]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stages = [{"stage": "start", "at_seconds": 0.0, "rss_gb": 0.0, "spill_gb": 0.0}]
    lines: list[str] = []

    def read_progress():
        for line in child.stderr:
            lines.append(line.rstrip("\n"))
            if line.startswith("["):
                stages.append({"stage": line.strip()[:90], "at_seconds": round(time.perf_counter() - start, 1),
                               "rss_gb": 0.0, "spill_gb": 0.0})

    reader = threading.Thread(target=read_progress, daemon=True)
    reader.start()
    while child.poll() is None:
        stage = stages[-1]
        stage["rss_gb"] = max(stage["rss_gb"], round(tree_rss_kb(child.pid) / 1024 / 1024, 2))
        if spill is not None:
            stage["spill_gb"] = max(stage["spill_gb"], round(folder_size(spill) / 1e9, 2))
        time.sleep(0.5)
    out = child.stdout.read()
    reader.join()
    result = {"seconds": round(time.perf_counter() - start, 1), "returncode": child.returncode,
              "spill_gb": max(s["spill_gb"] for s in stages), "stages": stages, "stdout": out.strip()[-300:]}
    for line in lines:
        if "Maximum resident set size" in line:
            result["peak_rss_gb"] = round(int(line.split(":")[1]) / 1024 / 1024, 2)
    result["stderr"] = [line for line in lines if not line.startswith(("\t", "["))][-8:]
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=25_000_000)
    parser.add_argument("--folder", default="/tmp/journey-explorer-big")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / f"events-{args.rows}.csv"
    if not data.exists():
        started = time.perf_counter()
        write_plain_log(data, args.rows, seed=args.seed)
        print(f"generated {data} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    result = {"file": str(data), "rows": args.rows, "file_gb": round(data.stat().st_size / 1e9, 2),
              "memory_limit": os.environ.get("JOURNEY_EXPLORER_MEMORY", "default")}
    if not args.skip_baseline:
        scratch = folder / "baseline.duckdb"
        scratch.unlink(missing_ok=True)
        result["baseline_read_csv"] = measured([sys.executable, "-c", BASELINE, str(data), str(scratch)],
                                               spill=scratch.with_name(scratch.name + ".tmp"))
        scratch.unlink(missing_ok=True)
    workspace = folder / "big.duckdb"
    for leftover in (workspace, workspace.with_name(workspace.name + ".wal")):
        leftover.unlink(missing_ok=True)
    shutil.rmtree(workspace.with_suffix(".files"), ignore_errors=True)  # the kept original of the last run
    result["load"] = measured([sys.executable, "-m", "journey_explorer.cli", "load", str(data), "--db", str(workspace)],
                              spill=workspace.with_name(workspace.name + ".tmp"))
    result["workspace_gb"] = round(workspace.stat().st_size / 1e9, 2) if workspace.exists() else None
    print(json.dumps(result, indent=2))
    return 0 if result["load"]["returncode"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
