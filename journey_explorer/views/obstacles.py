"""Obstacles: where journeys break, in plain language, ranked by how many customers they cost.

Journeys are read as on the Journeys page by default (technical hits left out). Four kinds:
- drop: customers at a step who went on, right after it, to its way on (what customers who later
  converted most often did next) or to a conversion, fewer in a run of periods than in the others;
- loop: customers coming round back to a step within the visit (A → B → A, up to four steps
  round), more in a run of periods, or more in a segment than among the other customers;
- stall: customers taking longer than the step's median time to their next step, more in a run;
- error: error-like steps (error, failed, declined, bug, timeout) ending journeys more often than
  other steps do.
Each for everyone and per segment: the channel and device/platform/os of a customer's first
touchpoint, and whether they had a call or an email. The last SETTLE_DAYS days are left out (too
soon to know what followed). A finding needs a significant difference once corrected for every
run × step × segment tried (obstacle_stats), and a problem found in a segment is reported there
only when the other customers do not share it (else it is reported for everyone).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode

import numpy as np
import pandas as pd

from .. import db
from ..filters import Filters, register_scope
from ..rules import derived
from . import obstacle_stats as st
from . import obstacle_words as words

KINDS = ("drop", "loop", "stall", "error")
PERIODS = ("week", "month")
COLUMNS = ["kind", "step", "segment", "period_start", "period_end", "customers", "rate", "baseline_rate",
           "p_value", "lost_customers", "summary"]
EVERYONE = words.EVERYONE
SEGMENT_ATTRIBUTES = ("device", "platform", "os")   # the order of segment_words' dimensions 2-4
ERROR_WORDS = re.compile(r"(^|[^a-z])(error|fail|declin|bug|time ?out|timed ?out)", re.IGNORECASE)
WATCHED_STEPS = 20      # the most taken steps are watched for drops, loops and stalls
SETTLE_DAYS = 7
DOMINANT_WAY = 0.5      # a step has a way on when at least half the converting customers took it
NEARLY_EVERYONE = 0.95  # a segment holding this share of a step's customers adds nothing to everyone
# kind → (count of customers with the problem, of customers at the step, direction: -1 lower is worse)
MEASURES = {"drop": ("continued", "customers", -1), "loop": ("looped", "customers", 1), "stall": ("slow", "timed", 1)}


class ObstacleError(ValueError):
    """An option a user gave that cannot be used; the message says what to do."""


@dataclass
class Counts:
    period: str
    periods: pd.DatetimeIndex
    steps: pd.DataFrame        # counts.sql
    errors: pd.DataFrame       # errors.sql
    exit_baseline: pd.DataFrame
    stats: pd.DataFrame        # step_stats.sql


@dataclass
class Report:
    findings: pd.DataFrame     # COLUMNS, most customers lost first
    rates: pd.DataFrame        # finding (row of findings), period_start, customers, rate, baseline_rate, in_finding


TEMP_TABLES = ("obstacle_steps", "obstacle_customers", "obstacle_units")


def count_obstacles(con, period: str = "month", filters: Filters | None = None) -> Counts:
    """The counts obstacles are found in (a few SQL passes over the journeys)."""
    if period not in PERIODS:
        raise ObstacleError(f'"{period}" is not a period obstacles are looked for in; use week or month.')
    register_scope(con, filters)
    # Unfiltered, the journeys were read once with touchpoints: no sort of every journey here.
    whole = derived(con, "visible_steps", filters) and derived(con, "customer_firsts")
    try:
        if whole:
            con.register("obstacle_steps", db.relation(con, "views/obstacles/steps_whole", period=period,
                                                       settle_days=SETTLE_DAYS))
        else:
            db.run(con, "views/obstacles/steps", period=period, settle_days=SETTLE_DAYS)
        stats = db.frame(con, "views/obstacles/step_stats")
        errors = [s for s in stats["step"] if ERROR_WORDS.search(s)]
        watched = stats[~stats["step"].isin(errors)].head(WATCHED_STEPS)
        db.run(con, "views/obstacles/customers_whole" if whole else "views/obstacles/customers",
               attribute_paths=[f'$."{a}"' for a in SEGMENT_ATTRIBUTES], error_steps=errors)
        db.run(con, "views/obstacles/units", steps=watched["step"].tolist(),
               ways=[w if isinstance(w, str) else None for w in watched["way_on"]])
        stats = stats.merge(db.frame(con, "views/obstacles/loop_via"), on="step", how="left")
        first, last = db.rows(con, "views/obstacles/periods")[0]
        periods = (pd.date_range(first, last, freq="W-MON" if period == "week" else "MS") if first is not None
                   else pd.DatetimeIndex([]))
        return Counts(period, periods, db.frame(con, "views/obstacles/counts"),
                      db.frame(con, "views/obstacles/errors", error_steps=errors),
                      db.frame(con, "views/obstacles/exit_baseline"), stats)
    finally:  # a row per step of every journey: not worth keeping in memory once counted
        if whole:
            con.unregister("obstacle_steps")
        for table in TEMP_TABLES:
            if not (whole and table == "obstacle_steps"):  # then a view of visible_steps
                db.drop_table(con, table)


def obstacle_report(con, period: str = "month", filters: Filters | None = None) -> Report:
    """The findings and, for each, its rate per period (for a small chart)."""
    return find_obstacles(count_obstacles(con, period, filters))


def obstacles(con, period: str = "month", filters: Filters | None = None) -> pd.DataFrame:
    """kind, step, segment, period_start, period_end, customers, rate, baseline_rate, p_value,
    lost_customers, summary: one row per obstacle found, most customers lost first."""
    return obstacle_report(con, period, filters).findings


# ---------------------------------------------------------------- finding

def _series(frame: pd.DataFrame, periods, measures) -> tuple[pd.MultiIndex, dict]:
    """(step, dimension, value) series × periods arrays of each measure, zeros where none."""
    keys = pd.MultiIndex.from_arrays([frame["step"], frame["dimension"], frame["value"].fillna("")])
    rows, index = pd.factorize(keys)
    columns = periods.get_indexer(pd.to_datetime(frame["period"]))
    arrays = {}
    for name in measures:
        arrays[name] = np.zeros((len(index), len(periods)))
        np.add.at(arrays[name], (rows, columns), frame[name].to_numpy("float64"))
    return pd.MultiIndex.from_tuples(list(index), names=["step", "dimension", "value"]), arrays


def find_obstacles(counts: Counts) -> Report:
    periods = counts.periods
    if counts.steps.empty and counts.errors.empty:
        return Report(pd.DataFrame(columns=COLUMNS), _empty_rates())
    index, arrays = _series(counts.steps, periods, ("customers", "continued", "looped", "timed", "slow"))
    overall = {key: i for i, key in enumerate(index)}
    ways = counts.stats.set_index("step")
    ways = set(ways.index[ways["way_on"].notna() & (ways["way_on_share"] >= DOMINANT_WAY)])
    candidates, tried = [], 0
    for kind, (hit, of, direction) in MEASURES.items():
        rows = _worth_scanning(index, arrays[of], overall, ways if kind == "drop" else None)
        runs, count = st.scan(arrays[of][rows], arrays[hit][rows], direction)
        tried += count
        candidates += [{"kind": kind, "key": index[rows[r.series]], "run": replace(r, series=int(rows[r.series])),
                        "direction": direction} for r in runs]
    loops, count = _segment_loops(index, arrays, overall)
    errors, count_errors = _error_tests(counts, periods)
    candidates += loops + errors
    tried += count + count_errors
    significant = []
    for c in candidates:
        r = c["run"]
        if st.worth_testing(r.z, tried):
            p = st.adjusted(st.p_value(r.k_in, r.n_in, r.k_out, r.n_out, c["direction"]), tried)
            if p <= st.ALPHA:
                significant.append(c | {"p_value": p})
    kept = _where_they_lie(significant, arrays, overall, counts)
    rows = [_row(c, counts, periods) | {"_order": i} for i, c in enumerate(kept)]
    findings = pd.DataFrame(rows, columns=COLUMNS + ["_order"]) if rows else pd.DataFrame(columns=COLUMNS + ["_order"])
    findings = findings.sort_values(["lost_customers", "p_value", "kind", "step", "segment"],
                                    ascending=[False, True, True, True, True], kind="stable")
    order = findings.pop("_order").tolist()
    findings = findings.reset_index(drop=True)
    rates = _rates([kept[i] for i in order], index, arrays, counts, periods)
    return Report(findings, rates)


def _worth_scanning(index, n, overall, steps=None) -> np.ndarray:
    """The series with customers enough for a run and the rest to be tested, at the given steps;
    a segment only when it is not (nearly) everyone at the step."""
    totals = n.sum(1)
    keep = []
    for i, (step, dimension, value) in enumerate(index):
        if totals[i] < 2 * st.MIN_CUSTOMERS or (steps is not None and step not in steps):
            continue
        everyone = overall.get((step, 0, ""))
        if dimension != 0 and everyone is not None and totals[i] >= NEARLY_EVERYONE * totals[everyone]:
            continue
        keep.append(i)
    return np.array(keep, dtype=np.int64)


def _segment_loops(index, arrays, overall) -> tuple[list, int]:
    """Loops more common in a segment than among the other customers, over all periods."""
    found, tried = [], 0
    n, k = arrays["customers"].sum(1), arrays["looped"].sum(1)
    for i, (step, dimension, value) in enumerate(index):
        if dimension == 0 or (step, 0, "") not in overall:
            continue
        everyone = overall[(step, 0, "")]
        n_out, k_out = n[everyone] - n[i], k[everyone] - k[i]
        if min(n[i], n_out) < st.MIN_CUSTOMERS or n[i] >= NEARLY_EVERYONE * n[everyone]:
            continue
        tried += 1
        if st.sharp(k[i] / n[i], k_out / n_out, 1):
            z = float(st.z_scores(k[i], n[i], k_out, n_out, 1))
            run = st.Run(i, 0, arrays["customers"].shape[1] - 1, int(n[i]), int(k[i]), int(n_out), int(k_out), z)
            found.append({"kind": "loop", "key": index[i], "run": run, "direction": 1, "against": "segment"})
    return found, tried


def _error_totals(counts: Counts) -> pd.DataFrame:
    """reaches, exits, customers of each error step over all periods, by (step, dimension, value)."""
    frame = counts.errors.assign(value=counts.errors["value"].fillna(""))
    return frame.groupby(["step", "dimension", "value"])[["reaches", "exits", "customers"]].sum()


def _exit_baseline(counts: Counts) -> pd.DataFrame:
    """reaches, exits of the steps that are not error-like, by (dimension, value)."""
    return counts.exit_baseline.assign(value=counts.exit_baseline["value"].fillna("")).set_index(["dimension", "value"])


def _error_tests(counts: Counts, periods) -> tuple[list, int]:
    """Error-like steps that end journeys more often than the other steps do (same segment)."""
    if counts.errors.empty:
        return [], 0
    totals, base = _error_totals(counts), _exit_baseline(counts)
    found, tried = [], 0
    for (step, dimension, value), row in totals.iterrows():
        if (dimension, value) not in base.index:
            continue
        ref = base.loc[(dimension, value)]
        everyone = totals["reaches"].get((step, 0, ""), 0)
        if min(row["reaches"], ref["reaches"]) < st.MIN_CUSTOMERS or (
                dimension != 0 and row["reaches"] >= NEARLY_EVERYONE * everyone):
            continue
        tried += 1
        if st.sharp(row["exits"] / row["reaches"], ref["exits"] / ref["reaches"], 1):
            z = float(st.z_scores(row["exits"], row["reaches"], ref["exits"], ref["reaches"], 1))
            run = st.Run(-1, 0, len(periods) - 1, int(row["reaches"]), int(row["exits"]), int(ref["reaches"]),
                         int(ref["exits"]), z)
            found.append({"kind": "error", "key": (step, dimension, value), "run": run, "direction": 1,
                          "customers": int(row["customers"]), "against": "other steps"})
    return found, tried


def _where_they_lie(found: list, arrays, overall, counts: Counts) -> list:
    """One finding per problem: a segment's only when the other customers do not share it (then
    not also everyone's), one side of a loop, the strongest segment of a loop over all periods."""
    def lost(c):
        return c["run"].n_in * abs(c["run"].rate - c["run"].baseline)

    def alike(a, b):   # the same kind of test of the same step, in overlapping periods
        return (a["kind"] == b["kind"] and a["key"][0] == b["key"][0] and a.get("against") == b.get("against")
                and _overlap(a, b))

    specific = [c for c in found if c["key"][1] == 0 or c.get("against") == "segment"
                or not _shared_by_the_rest(c, arrays, overall, counts)]
    kept = []
    for c in sorted(specific, key=lambda c: (-lost(c), c["kind"], c["key"])):
        if c["key"][1] == 0 and any(o["key"][1] != 0 and alike(o, c) for o in specific):
            continue  # it lies in a segment
        if c.get("against") == "segment" and any(alike(o, c) for o in kept):
            continue  # a stronger segment already shows this loop
        if c["kind"] == "loop" and any(_same_loop(o, c, counts) for o in kept):
            continue
        kept.append(c)
    return kept


def _shared_by_the_rest(c, arrays, overall, counts: Counts) -> bool:
    """Whether the customers outside the finding's segment show the same problem in its periods."""
    step = c["key"][0]
    r, direction = c["run"], c["direction"]
    change = direction * (r.rate - r.baseline)
    if c["kind"] == "error":
        totals, base = _error_totals(counts), _exit_baseline(counts)
        if (step, 0, "") not in totals.index or (0, "") not in base.index:
            return False
        everyone, all_base = totals.loc[(step, 0, "")], base.loc[(0, "")]
        return st.same_elsewhere(int(everyone["exits"]) - r.k_in, int(everyone["reaches"]) - r.n_in,
                                 int(all_base["exits"]) - r.k_out, int(all_base["reaches"]) - r.n_out, direction, change)
    if (step, 0, "") not in overall:
        return False
    hit, of, _ = MEASURES[c["kind"]]
    rest_n = arrays[of][overall[(step, 0, "")]] - arrays[of][r.series]
    rest_k = arrays[hit][overall[(step, 0, "")]] - arrays[hit][r.series]
    inside = np.zeros(len(rest_n), bool)
    inside[r.first:r.last + 1] = True
    return st.same_elsewhere(int(rest_k[inside].sum()), int(rest_n[inside].sum()), int(rest_k[~inside].sum()),
                             int(rest_n[~inside].sum()), direction, change)


def _overlap(a, b) -> bool:
    return a["run"].first <= b["run"].last and b["run"].first <= a["run"].last


def _same_loop(a, b, counts: Counts) -> bool:
    """A → B → A and B → A → B in the same segment and periods are one loop."""
    via = counts.stats.set_index("step")["loop_via"]
    return (a["kind"] == "loop" and a["key"][1:] == b["key"][1:] and _overlap(a, b)
            and via.get(a["key"][0]) == b["key"][0] and via.get(b["key"][0]) == a["key"][0])


# ---------------------------------------------------------------- rows and rates

def _row(c, counts: Counts, periods) -> dict:
    step, dimension, value = c["key"]
    r, kind = c["run"], c["kind"]
    first, last = periods[r.first].date(), periods[r.last].date()
    if kind == "error":
        hits = counts.errors[(counts.errors["step"] == step) & (counts.errors["dimension"] == dimension)
                             & (counts.errors["value"].fillna("") == value) & (counts.errors["reaches"] > 0)]
        first, last = pd.Timestamp(hits["period"].min()).date(), pd.Timestamp(hits["period"].max()).date()
    lost = round(r.n_in * abs(r.rate - r.baseline))
    stats = counts.stats.set_index("step")
    medians = counts.steps.drop_duplicates("step").set_index("step")["median_seconds"]
    detail = {"drop": stats["way_on"].get(step), "loop": stats["loop_via"].get(step),
              "stall": medians.get(step), "error": None}[kind]
    end = words.period_end(last, counts.period)
    whole = c.get("against") is not None
    summary = words.summary(kind, step, dimension, value, r.rate, r.baseline, lost, detail,
                            None if whole else (first, end), counts.period)
    return {"kind": kind, "step": step, "segment": words.segment_text(dimension, value), "period_start": first,
            "period_end": end, "customers": c.get("customers", r.n_in), "rate": r.rate,
            "baseline_rate": r.baseline, "p_value": c["p_value"], "lost_customers": lost, "summary": summary}


def _empty_rates() -> pd.DataFrame:
    return pd.DataFrame(columns=["finding", "period_start", "customers", "rate", "baseline_rate", "in_finding"])


def _rates(kept: list, index, arrays, counts: Counts, periods) -> pd.DataFrame:
    frames = []
    for i, c in enumerate(kept):
        r = c["run"]
        if c["kind"] == "error":
            step, dimension, value = c["key"]
            hits = counts.errors[(counts.errors["step"] == step) & (counts.errors["dimension"] == dimension)
                                 & (counts.errors["value"].fillna("") == value)]
            hits = hits.set_index(pd.to_datetime(hits["period"]))[["reaches", "exits"]].reindex(periods, fill_value=0)
            n, k = hits["reaches"].to_numpy("float64"), hits["exits"].to_numpy("float64")
        else:
            hit, of, _ = MEASURES[c["kind"]]
            n, k = arrays[of][r.series], arrays[hit][r.series]
        inside = np.zeros(len(periods), bool)
        inside[r.first:r.last + 1] = True
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = np.where(n > 0, k / n, np.nan)
        frames.append(pd.DataFrame({"finding": i, "period_start": periods.date, "customers": n.astype("int64"),
                                    "rate": rate, "baseline_rate": r.baseline, "in_finding": inside}))
    return pd.concat(frames, ignore_index=True) if frames else _empty_rates()


def journeys_link(finding, workspace_id: str | None = None) -> str:
    """The Journeys page's address filtered to a finding: its segment's customers and its dates
    (the sidebar reads them from the URL: see ui/sidebar.py)."""
    params = {}
    if workspace_id:
        params["ws"] = workspace_id
    if finding["segment"] != EVERYONE:
        params["customers"] = finding["segment"]
    params["from"] = pd.Timestamp(finding["period_start"]).date().isoformat()
    params["to"] = pd.Timestamp(finding["period_end"]).date().isoformat()
    return "journeys?" + urlencode(params)
