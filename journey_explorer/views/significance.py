"""Whether segments really differ: the two-proportion z-test, the chi-square test across several
segments, and a verdict in plain words (views/segments.py re-exports them)."""
from __future__ import annotations

import math

SIGNIFICANCE = 0.05


def two_proportion_p(x1, n1, x2, n2) -> float:
    """Two-sided p-value of the pooled two-proportion z-test: how often rates at least this far
    apart would come up if both groups really converted alike."""
    if not n1 or not n2:
        return math.nan
    pooled = (x1 + x2) / (n1 + n2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if spread == 0:
        return 1.0   # both all converted, or neither: no difference at all
    return math.erfc(abs(x1 / n1 - x2 / n2) / spread / math.sqrt(2))


def chi_square_p(conversions, customers) -> float:
    """p-value of the chi-square test that all segments convert at one rate (segments without
    customers left out); with two segments it equals the z-test's."""
    groups = [(x, n) for x, n in zip(conversions, customers) if n]
    if len(groups) < 2:
        return math.nan
    rate = sum(x for x, _ in groups) / sum(n for _, n in groups)
    if rate in (0, 1):
        return 1.0
    statistic = sum((x - n * rate) ** 2 / (n * rate * (1 - rate)) for x, n in groups)
    return chi_square_tail(statistic, len(groups) - 1)


def chi_square_tail(statistic: float, df: int) -> float:
    """P(X ≥ statistic) for X chi-square with df degrees of freedom: the regularized upper gamma
    Q(df/2, statistic/2), built up from Q(1/2) = erfc(√h) or Q(1) = e^−h by
    Q(a+1, h) = Q(a, h) + h^a e^−h / Γ(a+1)."""
    h = statistic / 2
    a, q = (0.5, math.erfc(math.sqrt(h))) if df % 2 else (1.0, math.exp(-h))
    while a < df / 2:
        q += math.exp(a * math.log(h) - h - math.lgamma(a + 1)) if h > 0 else 0.0
        a += 1
    return min(q, 1.0)


def verdict(p_value: float, *groups: tuple[int, int]) -> str:
    """Plain words for a p-value; groups are the (conversions, customers) it compared."""
    if any(not n for _, n in groups) or p_value is None or math.isnan(p_value):
        return "too few customers to tell"
    if len({x / n for x, n in groups}) == 1:
        return "no difference"
    rate = sum(x for x, _ in groups) / sum(n for _, n in groups)
    # The tests' usual rule of thumb: at least 5 expected conversions and non-conversions per group.
    if any(n * min(rate, 1 - rate) < 5 for _, n in groups):
        return "too few customers to tell"
    return "likely a real difference" if p_value < SIGNIFICANCE else "could be chance"
