"""Command line: journey-explorer demo | load | export | serve."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from . import db, exports, names, rules, workspace
from .filters import FilterError, parse_filters
from .privacy import mask_pii
from .ingest import load_files
from .ingest.layouts import Mapping
from .ingest.read import FileProblem
from .rules import RuleError
from .views import attribution, calls, costs, flows, funnels, growth, next_step, obstacles, segments, tables
from .views.flows import DIMENSIONS, FlowError
from .workspace import ROOT, build_demo, ensure_demo

EXPORTS = ("touchpoints", "rejects", "sankey", "paths", "funnel", "segments", "growth", "calls", "attribution",
           "next", "obstacles")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="journey-explorer",
                                  description="Stitch web, call and email exports into customer journeys.")
    sub = top.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="build the demo workspace from sample_data/")
    demo.add_argument("--db", required=True, help="workspace file to create (replaced if it exists)")

    load = sub.add_parser("load", help="load export files into a workspace")
    load.add_argument("files", nargs="+", metavar="FILE", help="CSV, TSV, JSON/NDJSON or Parquet (.gz too)")
    load.add_argument("--db", required=True, help="workspace file (created if missing)")
    load.add_argument("--mapping", help="saved mapping (JSON) to use for the files")
    load.add_argument("--conversion", action="append", default=[], metavar="NAME",
                      help="also count touchpoints named NAME as conversions (repeatable)")
    load.add_argument("--country", help="default country for phone numbers without one (e.g. US, GB)")
    load.add_argument("--timezone", metavar="ZONE",
                      help="time zone of times that do not say theirs, e.g. Europe/Rome (default: the workspace's)")
    load.add_argument("--again", action="store_true",
                      help="load a file even if the same file was loaded before (its rows count twice)")
    load.add_argument("--json", action="store_true", help="print the load summary as JSON")

    export = sub.add_parser("export", help="write a view as CSV")
    export.add_argument("view", choices=EXPORTS)
    export.add_argument("--db", required=True)
    add_filter_arguments(export)
    export.add_argument("--show-pii", action="store_true", help="do not mask emails and phone numbers")
    export.add_argument("--by", help="sankey, paths, funnel: node names, one of "
                        f"{', '.join(DIMENSIONS)} (default touchpoint); growth: groups, one of "
                        f"{', '.join(growth.GROUPINGS)} (default channel); segments: split customers by "
                        "their first touchpoint's channel, device (a column of your file), customer.plan, … "
                        "(the 4 most common values); "
                        f"calls: groups, one of {', '.join(calls.GROUPINGS)} (default campaign; hour and "
                        "weekday in the workspace's time zone). Calls columns: group, calls, answered, missed, "
                        "answer_rate, first_time_callers, median_duration_seconds (answered calls), conversions, "
                        "value, and cost, cost_per_call, roi (value ÷ cost) once costs are saved; "
                        f"attribution: who gets the credit, one of {', '.join(attribution.GROUPINGS)} (default channel)")
    export.add_argument("--model", default="all",
                        help=f"attribution: one of {', '.join(attribution.MODELS)}, or all (the default: "
                             "every model, with a model column)")
    export.add_argument("--lookback", default="30d",
                        help="attribution: touches this long before a conversion share its credit (default 30d)")
    export.add_argument("--half-life", default="7d",
                        help="attribution: time_decay's half-life: a touch this much older gets half the "
                             "credit (default 7d)")
    export.add_argument("--depth", type=int, default=5, help="sankey, paths: steps per journey (default 5)")
    export.add_argument("--top", type=int, help="sankey: nodes kept per step (10); paths: rows (20); "
                        f"growth: groups kept, the rest grouped as Other ({growth.TOP}); next: next steps kept, "
                        "the rest summed up as Other (all)")
    export.add_argument("--start", help="sankey: flows after the first time a customer reaches this node")
    export.add_argument("--end", help="sankey: flows up to the first time a customer reaches this node")
    export.add_argument("--collapse-repeats", action="store_true", help="sankey, paths: A > A > B as A > B")
    export.add_argument("--exclude", action="append", default=[], metavar="NAME",
                        help="sankey, paths: leave these nodes out (repeatable)")
    export.add_argument("--group", action="append", default=[], metavar="PATTERN=NAME",
                        help='sankey, paths: show matching nodes as one, e.g. "*/blog/*=Blog" (repeatable)')
    export.add_argument("--steps", help='funnel: ordered steps, e.g. "page_view /pricing>add_to_cart>purchase"')
    export.add_argument("--window", default="7d", help="funnel: time allowed from the first step (7d, 24h, 30m)")
    export.add_argument("--period", default="month", help=f"growth: one of {', '.join(growth.PERIODS)} "
                        "(default month; weeks start on Monday). Columns: period (its first day), group, "
                        "interactions, customers (active: with an interaction), growth_pct (%% change from the "
                        "group's previous period, empty when that had none), share (0-1 of the period's "
                        "interactions), conversions, yoy_pct (%% change from the same period a year earlier; "
                        "52 weeks for weeks), index (against the group's first complete period = 100), "
                        "complete (false: the data covers the period only in part, e.g. its first or last); "
                        "obstacles: week or month (default month), the periods compared")
    for letter in "abcd":
        export.add_argument(f"--{letter}", action="append", metavar="FILTER",
                            help=f'segments: customers of segment {letter.upper()}, e.g. "kind=call" or '
                                 '"first.channel=Email" (repeat to require several)' if letter == "a" else
                                 f"segments: segment {letter.upper()}, as --a")
    export.add_argument("--after", metavar="STEPS",
                        help='next: the steps taken so far, oldest first, e.g. "page_view /pricing>add_to_cart" '
                             "(the last 3 count). Columns: next (\"(left)\": the journey ended), probability, "
                             "support (times the context used occurred), context (the steps the prediction "
                             "is counted after: the longest suffix seen 30 times, else \"(any step)\"); "
                             "--top N keeps the N likeliest and sums up the rest as Other")
    export.add_argument("--out", help="CSV file to write (stdout when omitted)")

    report = sub.add_parser("report", help="write one self-contained HTML report of every view")
    report.add_argument("--db", required=True)
    report.add_argument("--out", required=True, help="HTML file to write (opens offline in any browser)")
    add_filter_arguments(report)

    evaluate = sub.add_parser("evaluate-next", help="held-out accuracy of the next-step model")
    evaluate.add_argument("--db", required=True)
    evaluate.add_argument("--seed", type=int, default=next_step.SEED,
                          help="which customers are kept aside (20%%, by a hash of their first identifier "
                               "and the seed)")
    evaluate.add_argument("--json", action="store_true", help="print the numbers as one JSON object")

    serve = sub.add_parser("serve", help="start the web app (on the demo data unless --db is given)")
    serve.add_argument("--db", help="open this workspace instead of the demo")
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--headless", action="store_true", help="do not open a browser")
    bench = sub.add_parser("bench", help="time loading N generated events against DuckDB's raw read_csv")
    bench.add_argument("--shape", choices=("demo", "plain"), default="demo",
                       help="demo: GA4 web events, calls and emails; plain: one user_id,event,timestamp log")
    bench.add_argument("--events", type=int, default=1_000_000)
    bench.add_argument("--seed", type=int, default=11)
    bench.add_argument("--json", action="store_true")
    return top


def add_filter_arguments(command) -> None:
    """The filters every view and the report share (command_filters reads them)."""
    command.add_argument("--where", action="append", default=[], metavar="FIELD=VALUE",
                         help='e.g. "channel=Email", "device=mobile" (a column of your file), '
                              '"attrs.transaction_value>100", "customer.plan=pro" (a contact-list field); '
                              '= != > >= < <= (repeatable)')
    command.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    command.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    command.add_argument("--customers", metavar="CONDITIONS",
                         help='only the whole journeys of customers matching every condition, e.g. '
                              '"kind=call; first.channel=Paid Search" (as in the app\'s sidebar)')


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (FileProblem, FilterError, FlowError, RuleError, FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader stopped early (`export … | head`): nothing went wrong worth a traceback.
        # Python flushes stdout again at exit, so point it somewhere that accepts the rest.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def progress_printer(quiet: bool = False):
    def show(fraction: float, message: str) -> None:
        if not quiet:
            print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)
    return show


def cmd_demo(args) -> int:
    path = build_demo(args.db, progress_printer())
    con = workspace.connect(path, read_only=True)
    totals = db.rows(con, "model/totals")[0]
    print(f"Demo workspace ready: {path} ({totals[0]:,} touchpoints, {totals[1]:,} customers)")
    return 0


def cmd_load(args) -> int:
    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:
        raise FileProblem(f"{missing[0]} does not exist.")
    mappings = {}
    if args.mapping:
        mapping = Mapping.from_json(Path(args.mapping).read_text())
        mappings = {str(Path(f)): mapping for f in args.files}
    con = workspace.connect(args.db)
    report = load_files(con, args.files, mappings=mappings, conversions=args.conversion,
                        country=args.country, progress=progress_printer(quiet=args.json), again=args.again,
                        timezone=args.timezone)
    if args.json:
        print(json.dumps(report.summary()))
    else:
        for f in report.files:
            print(f"{f.file}: {f.layout}, {f.rows_loaded:,} of {f.rows_in_file:,} rows loaded, "
                  f"{f.rows_rejected:,} rejected" + "".join(f"\n  {n:,} × {mask_pii(r)}" for r, n in f.reject_reasons.items())
                  + ("" if f.contacts_matched is None else f"\n  {report.matched(f)}")
                  + ("" if f.profiles is None else f"\n  {f.profiles:,} identify messages became customer fields")
                  + (f"\n  {mask_pii(f.warning)}" if f.warning else ""))
        print(f"Workspace now has {report.touchpoints:,} touchpoints from {report.customers:,} customers.")
    return 0


def cmd_export(args) -> int:
    if not Path(args.db).is_file():
        raise FileProblem(f"{args.db} is not a workspace (no such file).")
    con = workspace.connect(args.db, read_only=True)
    filters = command_filters(args)
    by = args.by or {"growth": "channel", "calls": "campaign", "attribution": "channel"}.get(args.view, "touchpoint")
    if args.view == "rejects":
        frame = tables.rejects(con, show_pii=args.show_pii)
    elif args.view == "sankey":
        frame = flows.sankey_links(con, by, args.depth, args.top or 10, args.start, args.end,
                                   args.collapse_repeats, args.exclude, filters, flows.parse_groups(args.group))
    elif args.view == "paths":
        frame = flows.top_paths(con, by, args.depth, args.top or 20, args.collapse_repeats,
                                args.exclude, filters, flows.parse_groups(args.group))
    elif args.view == "funnel":
        if not args.steps:
            raise flows.FlowError('The funnel needs --steps, e.g. --steps "page_view /pricing>purchase".')
        frame = funnels.funnel(con, funnels.parse_steps(args.steps), funnels.parse_window(args.window), by, filters)
    elif args.view == "growth":
        frame = growth.growth(con, by, args.period, filters, args.top or growth.TOP)
    elif args.view == "calls":
        saved = costs.costs(con)
        frame = calls.calls(con, by, filters, saved if len(saved) else None)
    elif args.view == "attribution":
        frame = attribution.attribution(con, args.model, by, funnels.parse_window(args.lookback) / 86400,
                                        funnels.parse_window(args.half_life) / 86400, filters)
    elif args.view == "next":
        if not args.after:
            raise next_step.NextStepError('The next view needs --after, e.g. --after "page_view /pricing>add_to_cart".')
        frame = next_step.predict_next(con, next_step.parse_context(args.after), args.top, filters)
    elif args.view == "obstacles":
        frame = obstacles.obstacles(con, args.period, filters)
    elif args.view == "segments":
        chosen = segments.define(con, args.by, [args.a, args.b, args.c, args.d], filters)
        frame = segments.compare(con, chosen, filters)
    else:
        frame = tables.touchpoints(con, filters)
    frame = with_plain_names(con, args.view, frame)
    if args.out:
        exports.write_csv(frame, args.out, show_pii=args.show_pii)
        print(f"Wrote {len(frame):,} rows to {args.out}", file=sys.stderr)
    else:
        exports.write_csv(frame, sys.stdout, show_pii=args.show_pii)
    return 0


# The exports whose rows name journey steps, and the columns that do: each gets its plain name
# right after it ("touchpoint", "touchpoint_name"), the raw one kept for filters and rules.
NAMED_COLUMNS = {"touchpoints": ("touchpoint",), "sankey": ("source", "target"), "paths": ("path",),
                 "funnel": ("name",), "next": ("next", "context"), "obstacles": ("step",)}


def with_plain_names(con, view: str, frame):
    """The export with readable names beside its raw steps, by the workspace's page-name rules."""
    if view not in NAMED_COLUMNS:
        return frame
    return names.with_plain_names(frame, names.namer(names.page_rules(rules.settings(con))), NAMED_COLUMNS[view])


def command_filters(args):
    """--where, --from, --to and --customers as one Filters (export and report)."""
    return replace(parse_filters(args.where, args.date_from, args.date_to),
                   segment=segments.parse_segment_text(args.customers))


def cmd_report(args) -> int:
    from .report import build_report  # vl-convert and the charts: only for this command

    if not Path(args.db).is_file():
        raise FileProblem(f"{args.db} is not a workspace (no such file).")
    filters = command_filters(args)
    con = workspace.connect(args.db, read_only=True)
    html = build_report(con, filters)
    Path(args.out).write_text(html, encoding="utf-8")
    print(f"Wrote the report ({len(html.encode()) / 1e6:.1f} MB) to {args.out}", file=sys.stderr)
    return 0


def cmd_evaluate_next(args) -> int:
    if not Path(args.db).is_file():
        raise FileProblem(f"{args.db} is not a workspace (no such file).")
    con = workspace.connect(args.db, read_only=True)
    result = next_step.evaluate_next(con, seed=args.seed)
    if args.json:
        print(json.dumps(result))
        return 0
    print(next_step.evaluation_sentence(result))
    for name in (*next_step.SCORES, "predictions", "held_out_customers", "training_customers"):
        value = result[name]
        print(f"{name:<20} {value:.3f}" if isinstance(value, float) else f"{name:<20} {value}")
    return 0


def cmd_serve(args) -> int:
    env = dict(os.environ)
    if args.db:
        env["JOURNEY_EXPLORER_DB"] = str(Path(args.db).resolve())
    else:
        ensure_demo(progress_printer())
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
               "--server.port", str(args.port), "--browser.gatherUsageStats", "false"]
    if args.headless:
        command += ["--server.headless", "true"]
    return subprocess.call(command, env=env, cwd=ROOT)


def cmd_bench(args) -> int:
    from .bench import run as bench
    result = bench.run(args.events, seed=args.seed, progress=lambda m: print(m, file=sys.stderr), shape=args.shape)
    if args.json:
        print(json.dumps(result))
    else:
        width = max(map(len, result))
        for key, value in result.items():
            print(f"{key:<{width}}  {value}")
    return 0


COMMANDS = {"bench": cmd_bench, "demo": cmd_demo, "load": cmd_load, "export": cmd_export, "report": cmd_report,
            "evaluate-next": cmd_evaluate_next, "serve": cmd_serve}

if __name__ == "__main__":
    sys.exit(main())
