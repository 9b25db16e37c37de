"""The plain event-log shape: `user_id,event,timestamp`, one row per event, the narrowest export
a product-analytics tool gives (and the shape path-analysis libraries take as they are).

Journeys follow a fixed first-order chain over a small shop's events, so a seed gives the same
bytes every time and a Sankey of them has real structure.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

EVENTS = ["page_view", "view_item", "add_to_cart", "begin_checkout", "purchase", "search", "sign_up"]
# P(next | current); the last column is "ends the journey".
CHAIN = np.array([
    [0.35, 0.30, 0.05, 0.00, 0.00, 0.15, 0.03, 0.12],
    [0.25, 0.25, 0.25, 0.00, 0.00, 0.10, 0.02, 0.13],
    [0.15, 0.15, 0.10, 0.40, 0.00, 0.05, 0.02, 0.13],
    [0.10, 0.05, 0.10, 0.05, 0.55, 0.00, 0.02, 0.13],
    [0.40, 0.20, 0.05, 0.00, 0.00, 0.05, 0.00, 0.30],
    [0.30, 0.45, 0.05, 0.00, 0.00, 0.10, 0.00, 0.10],
    [0.50, 0.30, 0.05, 0.00, 0.00, 0.05, 0.00, 0.10],
])
START = np.datetime64("2024-01-01T00:00:00", "s")
SPAN_SECONDS = 365 * 86400


def write_plain_log(path: str | Path, n_events: int, seed: int = 11) -> Path:
    """About n_events rows (exactly n_events) of `user_id,event,timestamp`, in time order per user."""
    rng = np.random.default_rng(seed)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Journey lengths from the chain's mean length, then trimmed to n_events in total.
    users = n_events // 4 + 10  # twice the mean journeys needed: enough to reach n_events
    lengths = rng.geometric(1 / 8, users)
    total = np.cumsum(lengths)
    users = int(np.searchsorted(total, n_events)) + 1
    lengths = lengths[:users]
    lengths[-1] -= int(total[users - 1] - n_events)
    user = np.repeat(np.arange(users), lengths)
    first = np.r_[0, np.cumsum(lengths)[:-1]]
    # Walk the chain for every journey at once, one step at a time (ends renormalised away).
    event = np.zeros(n_events, dtype=np.int8)
    state = rng.choice([0, 5], size=users, p=[0.8, 0.2])
    cum = np.cumsum(CHAIN[:, :-1] / CHAIN[:, :-1].sum(axis=1, keepdims=True), axis=1)
    for step in range(int(lengths.max())):
        alive = lengths > step
        rows = first[alive] + step
        if step:
            draw = rng.random(alive.sum())
            state[alive] = (draw[:, None] > cum[state[alive]]).sum(axis=1)
        event[rows] = state[alive]
    start = rng.integers(0, SPAN_SECONDS, users)
    gaps = rng.exponential(240, n_events).astype(np.int64) + 5
    gaps[first] = 0
    seconds = np.repeat(start, lengths) + np.cumsum(gaps) - np.repeat(np.cumsum(gaps)[first], lengths)
    stamps = (START + seconds.astype("timedelta64[s]")).astype("datetime64[s]")
    ids = pa.array(np.char.add("u", (user * 7919 % (users * 10 + 1)).astype(str)))
    table = pa.table({"user_id": ids, "event": pa.array(np.array(EVENTS)[event]),
                      "timestamp": pa.array(np.datetime_as_string(stamps, unit="s"))})
    with open(path, "wb") as out:
        out.write(b"user_id,event,timestamp\n")
        pacsv.write_csv(table, out, pacsv.WriteOptions(include_header=False, quoting_style="none"))
    return path
