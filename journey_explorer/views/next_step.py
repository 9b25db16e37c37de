"""Next step: where customers go after the steps they took, from a variable-order Markov model.

Journeys are read as the Journeys page shows them by default: touchpoints in order, repeats kept,
without the hits analytics tools log on their own (model.TECHNICAL_EVENTS, numbered at load as
visible_step). For a context A > B > C the model counts what followed the longest suffix of it
(A > B > C, B > C or C) that occurred at least MIN_SUPPORT times, or what followed any step when
none did; "(left)" is a journey that ended there. DuckDB does the counting, on the current data
with the sidebar's filters: on whole journeys it reads only the steps a context names (their
neighbours were numbered at load); filters that cut journeys take one window pass over them.
"""
from __future__ import annotations

import pandas as pd

from .. import db
from ..filters import Filters, register_scope
from ..rules import derived
from .flows import register_sequence

LEFT = "(left)"
ANY_STEP = "(any step)"
OTHER = "Other"
MAX_ORDER = 3        # context steps the model looks back at most
MIN_SUPPORT = 30     # occurrences a context needs before its counts are trusted
HOLD_OUT = 0.2       # share of customers the evaluation keeps out of the fitting
SEED = 14
COLUMNS = ["next", "probability", "support", "context"]
SCORES = ("top1", "top3", "baseline_top1", "baseline_top3", "first_order_top1", "first_order_top3")


class NextStepError(ValueError):
    """A context a user gave that cannot be used; the message says what to do."""


def parse_context(text) -> list[str]:
    """'page_view /pricing > add_to_cart' → its steps, oldest first."""
    steps = [s.strip() for s in str(text or "").split(">") if s.strip()]
    if not steps:
        raise NextStepError('Give the steps taken so far, separated by ">", e.g. "page_view /pricing>add_to_cart".')
    return steps


def context_label(steps) -> str:
    return " > ".join(steps) if steps else ANY_STEP


def _register_steps(con, filters: Filters | None) -> None:
    register_scope(con, filters)
    con.register("next_steps", db.relation(con, "views/next_step/steps"))


def predict_next(con, after, top: int | None = None, filters: Filters | None = None,
                 min_support: int = MIN_SUPPORT) -> pd.DataFrame:
    """next, probability, support, context: what customers did after the steps `after` (a list,
    or "A>B" text), from the longest suffix of it (up to MAX_ORDER steps) seen min_support times.
    support is how often that context occurred; context names it. The probabilities sum to 1:
    with `top`, the rest are summed up as Other."""
    steps = parse_context(after) if isinstance(after, str) else [str(s) for s in after]
    if not steps:
        raise NextStepError("Pick at least one step to see what comes next.")
    if top is not None and int(top) < 1:
        raise NextStepError("--top should be at least 1.")
    frame = _counted_after(con, steps[-MAX_ORDER:], filters, int(min_support))
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c == "probability" else "object") for c in COLUMNS})
    used = int(frame["context_steps"].iloc[0])
    frame["context"] = context_label(steps[-used:] if used else [])
    frame = frame[COLUMNS]
    if top is not None and len(frame) > int(top):
        kept, rest = frame.iloc[:int(top)], frame.iloc[int(top):]
        other = {"next": OTHER, "probability": rest["probability"].sum(), "support": frame["support"].iloc[0],
                 "context": frame["context"].iloc[0]}
        frame = pd.concat([kept, pd.DataFrame([other])], ignore_index=True)
    return frame.reset_index(drop=True)


def _counted_after(con, context: list[str], filters: Filters | None, min_support: int) -> pd.DataFrame:
    if filters is None or filters.keeps_whole_journeys():
        # Steps and next steps were numbered at load: read only the steps the context names.
        register_scope(con, filters)
        frame = db.frame(con, "views/next_step/predict_whole", context=context, min_support=min_support)
        return frame if not frame.empty else db.frame(con, "views/next_step/counts_any")
    _register_steps(con, filters)
    return db.frame(con, "views/next_step/predict", context=context, min_support=min_support)


def evaluate_next(con, filters: Filters | None = None, seed: int = SEED, hold_out: float = HOLD_OUT,
                  min_support: int = MIN_SUPPORT) -> dict:
    """Held-out accuracy: a share `hold_out` of customers (chosen by a hash of their first
    identifier and the seed: the same customers in any workspace of the same files) is left out of
    the fitting, and every next step of their journeys is predicted from the steps before it. top1: the most likely next step was the actual one; top3: it was among the
    three most likely. The same for the baseline (the most frequent next steps overall) and a
    first-order model (the last step only); predictions: how many next steps were predicted."""
    if not 0 < hold_out < 1:
        raise NextStepError("The share held out should be between 0 and 1.")
    register_scope(con, filters)
    # Unfiltered, every step's neighbours were found with touchpoints (visible_steps).
    query = "views/next_step/evaluate_whole" if derived(con, "visible_steps", filters) else "views/next_step/evaluate"
    row = db.frame(con, query, seed=str(seed), held_out_per_mille=round(hold_out * 1000),
                   min_support=int(min_support)).iloc[0]
    result = {name: (None if pd.isna(row[name]) else float(row[name])) for name in SCORES}
    result |= {name: int(row[name] or 0) for name in ("predictions", "held_out_customers", "training_customers")}
    return result | {"min_support": int(min_support), "seed": seed}


def evaluation_sentence(result: dict) -> str:
    """The evaluation in one plain sentence."""
    if not result["predictions"]:
        return "There are too few journeys to test the predictions on customers kept aside."
    return (f"Tested on {result['held_out_customers']:,} customers kept aside ({result['predictions']:,} next steps): "
            f"the most likely next step was right {result['top1']:.0%} of the time and the actual one was among "
            f"the three most likely {result['top3']:.0%} of the time, against {result['baseline_top1']:.0%} and "
            f"{result['baseline_top3']:.0%} for always guessing the most common next steps, and "
            f"{result['first_order_top1']:.0%} and {result['first_order_top3']:.0%} looking at the last step only.")


def accuracy_table(result: dict) -> pd.DataFrame:
    """guess, within, right: evaluate_next's numbers as rows, for a chart."""
    guesses = {"This model": "", "Last step only": "first_order_", "Most common next step": "baseline_"}
    rows = [(label, within, result[f"{prefix}{score}"]) for label, prefix in guesses.items()
            for within, score in (("First guess", "top1"), ("Within three guesses", "top3"))]
    return pd.DataFrame(rows, columns=["guess", "within", "right"])


def count_next_after(con, node: str, by: str = "touchpoint", exclude=(), collapse_repeats: bool = False,
                     filters: Filters | None = None, groups=(), top: int = 8) -> pd.DataFrame:
    """next, customers, share: what the customers who passed `node` on the Journeys page (with the
    page's choices) did right after it the first time; "(left)" where their journey ended. The
    `top` most common are kept, the rest summed up as Other."""
    register_sequence(con, by, filters, exclude, collapse_repeats, groups)
    frame = db.frame(con, "views/next_step/after_node", node=node)
    if len(frame) > top:
        rest = frame.iloc[top:]
        frame = pd.concat([frame.iloc[:top], pd.DataFrame([{"next": OTHER, "customers": rest["customers"].sum(),
                                                            "share": rest["share"].sum()}])], ignore_index=True)
    return frame


def next_after_sentence(frame: pd.DataFrame, node: str) -> str:
    """'Of the 1,204 customers who did X, 41% next did Y, 22% did Z and 15% left.'"""
    if frame.empty:
        return f"No customer did {node} with these choices."
    total = int(frame["customers"].sum())
    shown = frame[frame["next"] != OTHER].head(3)
    parts = [("left" if r.next == LEFT else f"did {r.next}", r.share) for r in shown.itertuples()]
    words = [f"{share:.0%} {'next ' if i == 0 and what != 'left' else ''}{what}" for i, (what, share) in enumerate(parts)]
    listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    who = "customer" if total == 1 else "customers"
    return f"Of the {total:,} {who} who did {node}, {listed}."
