"""The key sentence each page says, in plain text, from the frames the views return.

The pages build these sentences inline today; the wording lives here so that the report and
the pages can say exactly the same thing (plain text: a page may add its own emphasis).
"""
from __future__ import annotations

import math

import pandas as pd


def percent(rate: float) -> str:
    return "–" if rate is None or math.isnan(rate) else f"{rate:.0%}"


def p_text(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def overview_sentence(totals: dict, by_kind: pd.DataFrame, by_channel: pd.DataFrame) -> str:
    """"Web makes up 81% of touchpoints; the biggest channel is Organic Search (34%)." """
    total = totals["touchpoints"]
    kind = by_kind.sort_values(["touchpoints", "kind"], ascending=[False, True]).iloc[0]
    channel = by_channel.sort_values(["touchpoints", "channel"], ascending=[False, True]).iloc[0]
    return (f"{kind['kind'].capitalize()} makes up {kind['touchpoints'] / total:.0%} of touchpoints; the biggest "
            f"channel is {channel['channel']} ({channel['touchpoints'] / total:.0%}).")


def journeys_sentence(paths: pd.DataFrame) -> str:
    """"The most common journey, “A → B”, was taken by 1,234 customers (12%); 30% of them converted." """
    if paths.empty:
        return "No journeys match these choices."
    top = paths.iloc[0]
    return (f"The most common journey, “{top['path']}”, was taken by {top['customers']:,} customers "
            f"({top['share']:.0%}); {percent(top['conversion_rate'])} of them converted.")


def funnel_sentence(result: pd.DataFrame, window: str) -> str:
    """The Funnels page's caption: "Of 1,200 customers who reached “A”, 300 went on to “C”
    within 7 days, in this order." """
    first, last = result.iloc[0], result.iloc[-1]
    return (f"Of {first['customers']:,} customers who reached “{first['name']}”, {last['customers']:,} went on "
            f"to “{last['name']}” within {window}, in this order.")


def segments_sentence(result: pd.DataFrame, verdicts: list[str]) -> str:
    """"Customers in “Called us” convert at 86%, against 45% in “Never called”: likely a real
    difference (p < 0.001)." — each segment against the first, with the page's verdict for it."""
    first = result.iloc[0]
    if len(result) < 2:
        return f"Customers in “{first['segment']}” convert at {percent(first['conversion_rate'])}."
    parts = []
    for row, verdict in zip(result.iloc[1:].itertuples(), verdicts):
        p = "" if math.isnan(row.p_value) else f" ({p_text(row.p_value)})"
        parts.append(f"{percent(row.conversion_rate)} in “{row.segment}”: {verdict}{p}")
    return (f"Customers in “{first['segment']}” convert at {percent(first['conversion_rate'])}, against "
            + "; ".join(parts) + ".")


def growth_sentence(multiple, label) -> str:
    """The Growth page's sentence for growth_multiple(): "Interactions grew 3.0× from 2023 to 2025
    (9,000 → 27,000); Paid Social grew fastest (4.1×)." `label` names a period."""
    if multiple.multiple is None:
        return f"There were no interactions in {label(multiple.start)} to compare with."
    sentence = (f"Interactions grew {multiple.multiple:.1f}× from {label(multiple.start)} to {label(multiple.end)} "
                f"({multiple.start_interactions:,} → {multiple.end_interactions:,})")
    if multiple.fastest:
        sentence += f"; {multiple.fastest} grew fastest ({multiple.fastest_multiple:.1f}×)"
    return sentence + "."
