"""The statistics behind the Obstacles view: runs of periods whose rate is sharply worse than the
other periods', tested so that false alarms stay rare.

Every run of consecutive periods (up to half of them, see run_lengths) of every series (a kind of obstacle at a
step, for everyone or a segment) is one test; a finding needs its one-sided Fisher exact p-value
times the number of tests tried (Bonferroni) to stay under ALPHA, and a sharp change: at least
MIN_RELATIVE_CHANGE of the baseline and MIN_ABSOLUTE_CHANGE in points.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy import stats

ALPHA = 0.05
MIN_CUSTOMERS = 20          # in a run and in the rest, for a test to be tried at all
MIN_RELATIVE_CHANGE = 0.25
MIN_ABSOLUTE_CHANGE = 0.02
PICKS = 3                   # runs reported per series at most (not overlapping)
CHUNK_CELLS = 250_000       # series × runs scanned at once (kept in the CPU's cache)


@dataclass(frozen=True)
class Run:
    series: int             # row of the arrays scanned
    first: int              # first and last period of the run (indexes)
    last: int
    n_in: int
    k_in: int
    n_out: int
    k_out: int
    z: float

    @property
    def rate(self) -> float:
        return self.k_in / self.n_in

    @property
    def baseline(self) -> float:
        return self.k_out / self.n_out


def run_lengths(periods: int) -> list[int]:
    """Every length up to 8 periods, then lengths about 12% apart, up to half the periods: a long
    run is found nearly as well, at a third of the work on three years of weeks."""
    lengths, length = [], 1
    while length <= max(1, periods // 2):
        lengths.append(length)
        length += max(1, length // 8)
    return lengths


def run_bounds(periods: int) -> tuple[np.ndarray, np.ndarray]:
    """First and last period of every run tried."""
    firsts, lasts = [], []
    for length in run_lengths(periods):
        start = np.arange(periods - length + 1)
        firsts.append(start)
        lasts.append(start + length - 1)
    return np.concatenate(firsts), np.concatenate(lasts)


def sharp(rate_in, rate_out, direction: int):
    """Whether a change is big enough to matter: worse by a quarter of the baseline and 2 points."""
    change = direction * (rate_in - rate_out)
    return (change >= MIN_ABSOLUTE_CHANGE) & (change >= MIN_RELATIVE_CHANGE * rate_out)


def z_scores(k_in, n_in, k_out, n_out, direction: int):
    """Two-proportion z (pooled), positive when the first group is worse."""
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (k_in + k_out) / (n_in + n_out)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n_in + 1 / n_out))
        return direction * (k_in / n_in - k_out / n_out) / se


def scan(n: np.ndarray, k: np.ndarray, direction: int) -> tuple[list[Run], int]:
    """The sharpest runs (up to PICKS per series, not overlapping) of series of counts n, k of
    shape (series, periods), and how many runs were tried. direction -1: a lower rate is worse."""
    series, periods = n.shape
    if not series or not periods:
        return [], 0
    firsts, lasts = run_bounds(periods)
    chunk = max(1, CHUNK_CELLS // len(firsts))
    found, tried = [], 0
    for lo in range(0, series, chunk):
        runs, count = _scan_chunk(n[lo:lo + chunk], k[lo:lo + chunk], direction, firsts, lasts)
        found += [replace(r, series=r.series + lo) for r in runs]
        tried += count
    return found, tried


def _scan_chunk(n, k, direction, firsts, lasts) -> tuple[list[Run], int]:
    zero = np.zeros((len(n), 1))
    cn, ck = np.hstack([zero, n.cumsum(1)]), np.hstack([zero, k.cumsum(1)])
    n_in, k_in = cn[:, lasts + 1] - cn[:, firsts], ck[:, lasts + 1] - ck[:, firsts]
    n_out, k_out = cn[:, -1:] - n_in, ck[:, -1:] - k_in
    eligible = (n_in >= MIN_CUSTOMERS) & (n_out >= MIN_CUSTOMERS)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = z_scores(k_in, n_in, k_out, n_out, direction)
        z[~(eligible & sharp(k_in / n_in, k_out / n_out, direction)) | np.isnan(z)] = -np.inf
    runs = []
    rows = np.arange(len(z))
    for _ in range(PICKS):
        best = z.argmax(1)
        for row in rows[z[rows, best] > 0]:
            j = best[row]
            runs.append(Run(int(row), int(firsts[j]), int(lasts[j]), int(n_in[row, j]), int(k_in[row, j]),
                            int(n_out[row, j]), int(k_out[row, j]), float(z[row, j])))
            z[row, (firsts <= lasts[j]) & (lasts >= firsts[j])] = -np.inf   # overlapping runs
    return runs, int(eligible.sum())


def p_value(k_in: int, n_in: int, k_out: int, n_out: int, direction: int) -> float:
    """One-sided Fisher exact test that the first group's rate is worse (lower when direction -1)."""
    table = [[k_in, n_in - k_in], [k_out, n_out - k_out]]
    return float(stats.fisher_exact(table, alternative="less" if direction < 0 else "greater").pvalue)


def worth_testing(z: float, tests: int) -> bool:
    """A cheap first cut before the exact test: the normal approximation is not hopeless."""
    return tests > 0 and stats.norm.sf(z) * tests < 1


def adjusted(p: float, tests: int) -> float:
    return min(1.0, p * max(tests, 1))


def same_elsewhere(k_in: int, n_in: int, k_out: int, n_out: int, direction: int, change: float) -> bool:
    """Whether the rest of the customers (outside a segment) show the same problem: significant
    on its own (p < 0.01) and at least half as big. Then the segment is not where it lies."""
    if min(n_in, n_out) < MIN_CUSTOMERS:
        return False
    own = direction * (k_in / n_in - k_out / n_out)
    return own >= 0.5 * change and p_value(k_in, n_in, k_out, n_out, direction) < 0.01
