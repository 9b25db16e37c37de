"""Independent computations of every attribution model (the issue's definitions, in plain Python
and numpy, nothing shared with journey_explorer.views.attribution): what test_attribution.py
compares the view against."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from journey_explorer.filters import Filters, register_scope


def shares(model: str, touches: list[tuple[str, float]], half_life: float = 7) -> dict[str, float]:
    """The issue's definition of each rule-based model, for one conversion's touches."""
    n, out = len(touches), {}
    if model == "first":
        weights = [1.0] + [0.0] * (n - 1)
    elif model == "last":
        weights = [0.0] * (n - 1) + [1.0]
    elif model == "linear":
        weights = [1 / n] * n
    elif model == "time_decay":
        raw = [2 ** (-age / half_life) for _, age in touches]
        weights = [w / sum(raw) for w in raw]
    else:
        weights = [1.0] if n == 1 else [0.5, 0.5] if n == 2 else [0.4] + [0.2 / (n - 2)] * (n - 2) + [0.4]
    for (channel, _), weight in zip(touches, weights):
        out[channel] = out.get(channel, 0.0) + weight
    return out


def expected(model: str, journeys: dict, half_life: float = 7) -> pd.DataFrame:
    rows = [(channel, share, share * value) for value, touches in journeys.values()
            for channel, share in shares(model, touches, half_life).items()]
    frame = pd.DataFrame(rows, columns=["channel", "conversions", "value"]).groupby("channel").sum()
    return frame[frame["conversions"] > 0].sort_index()


def journeys_of(con, lookback_days: float = 30, by: str = "channel", filters: Filters | None = None):
    """(groups in order, converted, value, days before the conversion) per journey, split in plain
    Python as the issue says: each conversion ends one; the touches after the last conversion are
    a journey that did not convert (kept within the window back from its own last touch); a
    conversion with no touch in the window is its own only touch."""
    register_scope(con, filters)
    frame = con.execute(f"SELECT customer_id, ts, is_conversion, coalesce(value, 0) AS value, "
                        f"coalesce({by}, '(no {by})') AS grp FROM scope "
                        "ORDER BY customer_id, ts, origin_file, origin_row").df()
    window = lookback_days * 86400
    out = []
    for _, rows in frame.groupby("customer_id", sort=False):
        pending = []
        for row in rows.itertuples():
            if row.is_conversion:
                ages = [(row.ts - t.ts).total_seconds() for t in pending]
                kept = [(t.grp, a / 86400) for t, a in zip(pending, ages) if a <= window]
                kept = kept or [(row.grp, 0.0)]
                out.append(([g for g, _ in kept], True, row.value, [a for _, a in kept]))
                pending = []
            else:
                pending.append(row)
        if pending:
            kept = [t.grp for t in pending if (pending[-1].ts - t.ts).total_seconds() <= window]
            out.append((kept, False, 0.0, []))
    return out


def merged(groups: list[str]) -> tuple[str, ...]:
    return tuple(g for i, g in enumerate(groups) if i == 0 or g != groups[i - 1])


def removal_effects(journeys) -> dict[str, float]:
    """Markov removal effects, each by inverting the chain with that channel taken out (its
    incoming moves sent to the null state): nothing shared with the implementation."""
    counts: dict[tuple[str, str], float] = {}
    for groups, converted, _, _ in journeys:
        states = ["(start)", *merged(groups), "(conversion)" if converted else "(null)"]
        for a, b in zip(states, states[1:]):
            counts[a, b] = counts.get((a, b), 0) + 1
    channels = sorted({g for j in journeys for g in j[0]})

    def p_conversion(removed: str | None) -> float:
        transient = ["(start)"] + [c for c in channels if c != removed]
        at = {s: i for i, s in enumerate(transient)}
        q, r = np.zeros((len(transient), len(transient))), np.zeros(len(transient))
        for (a, b), n in counts.items():
            if a == removed or a not in at:
                continue
            if b in at:
                q[at[a], at[b]] += n
            elif b == "(conversion)":
                r[at[a]] += n
        out = np.array([sum(n for (a, _), n in counts.items() if a == s) for s in transient])
        q, r = q / out[:, None], r / out
        return (np.linalg.inv(np.eye(len(transient)) - q) @ r)[0]

    base = p_conversion(None)
    return {c: 1 - p_conversion(c) / base for c in channels}


def shapley_by_orderings(journeys) -> dict[str, float]:
    """Average marginal contribution over every ordering of the channels, v(S) = conversions of
    journeys whose channel set lies inside S."""
    sets = [frozenset(g) for g, converted, _, _ in journeys if converted]
    channels = sorted(set().union(*sets))
    worth = {}
    for size in range(len(channels) + 1):
        for chosen in itertools.combinations(channels, size):
            s = frozenset(chosen)
            worth[s] = sum(1 for t in sets if t <= s)
    total = dict.fromkeys(channels, 0.0)
    orderings = list(itertools.permutations(channels))
    for order in orderings:
        before = frozenset()
        for c in order:
            total[c] += worth[before | {c}] - worth[before]
            before = before | {c}
    return {c: v / len(orderings) for c, v in total.items()}
