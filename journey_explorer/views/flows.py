"""Journey flows: Sankey links, top paths, the nodes and the customers behind a node.

Each function returns a frame; figures are drawn elsewhere from these frames.
"""
from __future__ import annotations

import pandas as pd

from .. import db
from ..filters import Filters, register_scope
from ..model import TECHNICAL_EVENTS, did_you_mean

DIMENSIONS = ("touchpoint", "channel", "stage", "campaign")


# Shown as one node each by default in the app: many blog posts or product pages are one idea.
DEFAULT_GROUPS = (("*/blog/*", "Blog"), ("*/products/*", "Product pages"))
MAX_DRAWN_NODES = 60  # Plotly Sankey stops being readable (and fast) past this


def readable_top(top: int, depth: int) -> int:
    """The largest top-per-step that keeps a drawn Sankey within MAX_DRAWN_NODES, counting each
    step's Other and (left) nodes."""
    return max(1, min(top, MAX_DRAWN_NODES // depth - 2))


class FlowError(ValueError):
    """An option a user gave that cannot be used; the message says what to do."""


def register_sequence(con, by: str, filters: Filters | None, exclude=(), collapse_repeats: bool = False,
              groups=(), first_of_runs: bool = False) -> bool:
    """Register `flow_seq`: each journey as nodes of `by`; True when read from the steps
    numbered at load. first_of_runs: merged repeats must keep each run's first row (its time),
    not only its node."""
    if by not in DIMENSIONS:
        raise FlowError(f'"{by}" is not something journeys can be drawn by; use one of '
                        f'{", ".join(DIMENSIONS)}.' + did_you_mean(by, DIMENSIONS))
    patterns, labels = [p for p, _ in groups], [label for _, label in groups]
    register_scope(con, filters)
    if (filters is None or filters.keeps_whole_journeys()) and not (collapse_repeats and first_of_runs):
        visible = bool(exclude) and by == "touchpoint" and _only_technical(con, exclude, patterns)
        if visible or not exclude:
            steps = db.relation(con, "views/flows/sequence_steps", by=by, patterns=patterns, labels=labels,
                                visible=visible)
            if collapse_repeats:
                con.register("journey_steps", steps)
                steps = db.relation(con, "views/flows/sequence_runs")
            con.register("flow_seq", steps)
            return True
    # A page asks for links, paths and nodes of the same journeys in a row: sort them once.
    signature = (db.version(con), by, filters, tuple(exclude), bool(collapse_repeats), tuple(groups))
    if _sorted_for.get(id(con)) != signature or not db.has_table(con, "flow_seq_sorted"):
        db.run(con, "views/flows/sequence", by=by, exclude=list(exclude), collapse=bool(collapse_repeats),
               patterns=patterns, labels=labels)
        _sorted_for[id(con)] = signature
    con.register("flow_seq", con.table("flow_seq_sorted"))
    return False


def _only_technical(con, exclude, patterns) -> bool:
    """Whether leaving out `exclude` is leaving out exactly the technical hits that are in the
    data (none of them renamed by a group), which touchpoints has numbered journeys without."""
    if not set(exclude) <= set(TECHNICAL_EVENTS):
        return False
    present = dict(db.rows(con, "views/flows/technical_nodes", technical=list(TECHNICAL_EVENTS), patterns=patterns))
    return set(present) <= set(exclude) and not any(present.values())


# id(connection) → what its temp table flow_seq_sorted holds (temp tables live per connection).
_sorted_for: dict[int, tuple] = {}


def parse_groups(lines) -> tuple[tuple[str, str], ...]:
    """'*/blog/* = Blog' lines → (pattern, name) pairs; * stands for anything, ? for one character."""
    groups = []
    for line in lines if not isinstance(lines, str) else lines.splitlines():
        if not line.strip():
            continue
        pattern, sep, name = line.partition("=")
        if not sep or not pattern.strip() or not name.strip():
            raise FlowError(f'"{line.strip()}" should look like "*/blog/* = Blog" (a pattern, "=", a name).')
        groups.append((pattern.strip(), name.strip()))
    return tuple(groups)


def technical_in(names) -> tuple[str, ...]:
    """The technical hits among these node names: what the Journeys page leaves out by default."""
    names = set(names)
    return tuple(n for n in TECHNICAL_EVENTS if n in names)


def _check_range(name: str, value: int, low: int, high: int) -> int:
    if not low <= int(value) <= high:
        raise FlowError(f"{name} should be between {low} and {high}.")
    return int(value)


def sankey_links(con, by: str = "touchpoint", depth: int = 5, top: int = 10, start: str | None = None,
                 end: str | None = None, collapse_repeats: bool = False, exclude=(),
                 filters: Filters | None = None, groups=()) -> pd.DataFrame:
    """step, source, target, customers: who went from which node to which, step by step."""
    depth = _check_range("Depth", depth, 2, 10)
    top = _check_range("Top", top, 1, 50)
    register_sequence(con, by, filters, exclude, collapse_repeats, groups)
    if not end:
        return db.frame(con, "views/flows/sankey_next", start=start or None, depth=depth, top=top)
    return db.frame(con, "views/flows/sankey_links", start=start or None, end=end or None, depth=depth, top=top)


def top_paths(con, by: str = "touchpoint", depth: int = 5, top: int = 20, collapse_repeats: bool = False,
              exclude=(), filters: Filters | None = None, groups=()) -> pd.DataFrame:
    """path, customers, share, conversions, conversion_rate for the most common journeys."""
    depth = _check_range("Depth", depth, 1, 20)
    top = _check_range("Top", top, 1, 1000)
    register_sequence(con, by, filters, exclude, collapse_repeats, groups)
    return db.frame(con, "views/flows/top_paths", depth=depth, top=top)


def node_counts(con, by: str = "touchpoint", filters: Filters | None = None, groups=()) -> pd.DataFrame:
    """node, customers: every node of the dimension, most customers first."""
    if not register_sequence(con, by, filters, groups=groups) or (filters is not None and not filters.is_empty()):
        return db.frame(con, "views/flows/nodes")  # step_nodes counts everyone
    if groups:
        return db.frame(con, "views/flows/step_nodes_grouped", by=by, patterns=[p for p, _ in groups],
                        labels=[label for _, label in groups])
    return db.frame(con, "views/flows/step_nodes", by=by)


def customers_at(con, node: str, by: str = "touchpoint", exclude=(), collapse_repeats: bool = False,
                 filters: Filters | None = None, limit: int = 1000, groups=()) -> pd.DataFrame:
    """customer_id, journey, steps, converted, first_seen, last_seen of customers passing `node`.
    Customer ids are pseudonymous; no email or phone number is in the frame."""
    register_sequence(con, by, filters, exclude, collapse_repeats, groups, first_of_runs=True)
    return db.frame(con, "views/flows/customers_at", node=node, limit=int(limit))


def node_kinds(con, groups=()) -> pd.DataFrame:
    """node, kind: the kind (web, call, email, other) most rows of each touchpoint node have, for
    colouring touchpoint nodes by kind (group labels included)."""
    return db.frame(con, "views/flows/node_kinds", patterns=[p for p, _ in groups],
                    labels=[label for _, label in groups])
