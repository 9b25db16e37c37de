"""The next-step model on journeys generated from known transition matrices (first and second
order), written as an event-log export and loaded through the real loader into a real
workspace: it recovers the probabilities, backs off to the right context, and its held-out
evaluation equals a brute force of the same definition."""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter

import numpy as np
import pytest
from helpers import write_csv

from journey_explorer import ingest, workspace
from journey_explorer.filters import parse_filters
from journey_explorer.views import tables
from journey_explorer.views.next_step import (ANY_STEP, LEFT, OTHER, NextStepError, count_next_after,
                                              evaluate_next, next_after_sentence, parse_context, predict_next)

STATES = ["home", "search", "product", "cart", "checkout"]
END = LEFT
T0 = dt.datetime(2024, 3, 4, 9, 0, 0)
# First order: state → probabilities of STATES + [END].
FIRST = {
    "home": [0.10, 0.40, 0.30, 0.00, 0.00, 0.20],
    "search": [0.05, 0.15, 0.60, 0.00, 0.00, 0.20],
    "product": [0.10, 0.20, 0.20, 0.35, 0.00, 0.15],
    "cart": [0.00, 0.00, 0.30, 0.10, 0.45, 0.15],
    "checkout": [0.20, 0.00, 0.00, 0.30, 0.00, 0.50],
}
START = [0.5, 0.3, 0.2, 0.0, 0.0]


def second_order(prev: str, cur: str) -> list[float]:
    """What follows prev → cur: a product reached from search goes on to the cart far more often
    than one reached from home, and a cart reached from checkout mostly ends the journey."""
    if cur == "product":
        return [0.05, 0.05, 0.10, 0.70, 0.00, 0.10] if prev == "search" else [0.30, 0.30, 0.10, 0.05, 0.00, 0.25]
    if cur == "cart":
        return [0.00, 0.00, 0.10, 0.00, 0.10, 0.80] if prev == "checkout" else [0.00, 0.00, 0.20, 0.05, 0.65, 0.10]
    return FIRST[cur]


def generate(rng, customers: int, order: int, max_steps: int = 25) -> list[list[str]]:
    journeys = []
    for _ in range(customers):
        steps = [STATES[rng.choice(len(STATES), p=START)]]
        while len(steps) < max_steps:
            p = FIRST[steps[-1]] if order == 1 or len(steps) < 2 else second_order(steps[-2], steps[-1])
            nxt = (STATES + [END])[rng.choice(len(STATES) + 1, p=p)]
            if nxt == END:
                break
            steps.append(nxt)
        journeys.append(steps)
    return journeys


def load_journeys(folder, journeys: list[list[str]], extra: dict | None = None):
    """An event log (user_id, event, timestamp, session_id) of these journeys, loaded."""
    rows = []
    for i, steps in enumerate(journeys):
        start = T0 + dt.timedelta(hours=i)
        rows += [[f"u{i:05d}", step, (start + dt.timedelta(minutes=j)).strftime("%Y-%m-%dT%H:%M:%SZ"), f"s{i}"]
                 for j, step in enumerate(steps)]
    path = write_csv(folder / "events.csv", ["user_id", "event", "timestamp", "session_id"], rows)
    con = workspace.connect(folder / "workspace.duckdb")
    ingest.load_files(con, [path])
    return con


def loaded_journeys(con) -> dict[str, list[str]]:
    """customer → touchpoints in order, read back from the workspace (the brute force's input)."""
    tp = tables.touchpoints(con).sort_values(["customer_id", "ts", "origin_file", "origin_row"], kind="mergesort")
    out: dict[str, list[str]] = {}
    for customer, touchpoint in zip(tp["customer_id"], tp["touchpoint"]):
        out.setdefault(customer, []).append(touchpoint)
    return out


def as_dict(frame) -> dict[str, float]:
    return dict(zip(frame["next"], frame["probability"]))


@pytest.fixture(scope="module")
def first_order_ws(tmp_path_factory):
    con = load_journeys(tmp_path_factory.mktemp("first"), generate(np.random.default_rng(5), 3000, order=1))
    yield con
    con.close()


@pytest.fixture(scope="module")
def second_order_ws(tmp_path_factory):
    journeys = generate(np.random.default_rng(6), 4000, order=2)
    # A rare opening: 12 journeys start rare_promo → search → product (fewer than 30).
    journeys += [["rare_promo", "search", "product", "cart"] for _ in range(12)]
    con = load_journeys(tmp_path_factory.mktemp("second"), journeys)
    yield con, journeys
    con.close()


def test_the_model_recovers_a_first_order_chain(first_order_ws):
    for state, probabilities in FIRST.items():
        got = predict_next(first_order_ws, [state])
        assert got["context"].eq(state).all() and got["support"].nunique() == 1
        assert got["probability"].sum() == pytest.approx(1.0)
        for nxt, p in zip(STATES + [END], probabilities):
            assert got.set_index("next")["probability"].get(nxt, 0.0) == pytest.approx(p, abs=0.03), (state, nxt)


def test_the_model_recovers_a_second_order_chain_and_differs_from_the_first_order_view(second_order_ws):
    con, _ = second_order_ws
    for prev, cur in [("search", "product"), ("home", "product"), ("product", "cart"), ("checkout", "cart")]:
        got = predict_next(con, f"{prev}>{cur}")
        assert got["context"].iloc[0] == f"{prev} > {cur}"
        for nxt, p in zip(STATES + [END], second_order(prev, cur)):
            assert as_dict(got).get(nxt, 0.0) == pytest.approx(p, abs=0.04), (prev, cur, nxt)
    # The last step alone mixes both openings: far from either second-order row.
    mixed = as_dict(predict_next(con, ["product"]))
    assert abs(mixed["cart"] - 0.70) > 0.2 and abs(mixed["cart"] - 0.05) > 0.2


def test_back_off_uses_the_longest_context_seen_often_enough(second_order_ws):
    con, journeys = second_order_ws
    triples = Counter(tuple(j[i - 2:i + 1]) for j in journeys for i in range(2, len(j)))
    pairs = Counter(tuple(j[i - 1:i + 1]) for j in journeys for i in range(1, len(j)))
    # Seen 12 times only: backs off to the last two steps, with their exact count as support.
    rare = predict_next(con, ["rare_promo", "search", "product"])
    assert triples[("rare_promo", "search", "product")] == 12
    assert set(rare["context"]) == {"search > product"}
    assert rare["support"].iloc[0] == pairs[("search", "product")]
    # Seen often: the three steps themselves.
    common = predict_next(con, ["home", "search", "product"])
    assert triples[("home", "search", "product")] >= 30
    assert set(common["context"]) == {"home > search > product"}
    assert common["support"].iloc[0] == triples[("home", "search", "product")]
    # Only the last three steps count, however long the journey given.
    longer = predict_next(con, ["checkout", "cart", "home", "search", "product"])
    assert longer.equals(common)
    # A step never seen: what follows any step, over every step taken.
    unseen = predict_next(con, ["nowhere"])
    assert set(unseen["context"]) == {ANY_STEP}
    assert unseen["support"].iloc[0] == sum(len(j) for j in journeys)
    assert unseen["probability"].sum() == pytest.approx(1.0)


def test_filters_that_cut_journeys_count_the_journeys_they_keep(second_order_ws):
    con, journeys = second_order_ws
    everything = parse_filters([], "2000-01-01")      # keeps every touchpoint, read as a cut
    for context in (["home", "product"], ["checkout", "cart", "home"], ["nowhere"]):
        assert predict_next(con, context, filters=everything).equals(predict_next(con, context))
    # Without the search steps: home → product is counted on the journeys with them taken out.
    kept = [[s for s in j if s != "search"] for j in journeys]
    after = Counter((j[i + 2] if i + 2 < len(j) else LEFT) for j in kept for i in range(len(j) - 1)
                    if j[i:i + 2] == ["home", "product"])
    got = predict_next(con, ["home", "product"], filters=parse_filters(["touchpoint!=search"]))
    assert got["support"].iloc[0] == sum(after.values())
    assert as_dict(got) == pytest.approx({n: c / sum(after.values()) for n, c in after.items()})


def test_top_folds_the_rest_into_other_so_probabilities_still_sum_to_one(second_order_ws):
    con, _ = second_order_ws
    full = predict_next(con, ["home"])
    top = predict_next(con, ["home"], top=2)
    assert top["next"].tolist() == full["next"].tolist()[:2] + [OTHER]
    assert top["probability"].sum() == pytest.approx(1.0)
    assert top["probability"].iloc[-1] == pytest.approx(full["probability"].iloc[2:].sum())
    assert list(top.columns) == ["next", "probability", "support", "context"]


def test_unusable_contexts_say_what_to_do(second_order_ws):
    con, _ = second_order_ws
    with pytest.raises(NextStepError, match="separated by"):
        parse_context("  >  ")
    with pytest.raises(NextStepError, match="at least 1"):
        predict_next(con, ["home"], top=0)
    assert parse_context("page_view /pricing > add_to_cart") == ["page_view /pricing", "add_to_cart"]


# ---------------------------------------------------------------- evaluation

def first_identifiers(con) -> dict[str, str]:
    """customer → their first identifier (type:value), which the hold-out hashes."""
    return dict(con.execute("SELECT customer_id, min(id_type || ':' || id_value) FROM identities GROUP BY 1").fetchall())


def held_out(identifier: str, seed, share: float = 0.2) -> bool:
    return int(hashlib.md5(f"{identifier}:{seed}".encode()).hexdigest()[:8], 16) % 1000 < round(share * 1000)


def brute_force_evaluation(journeys: dict[str, list[str]], identifiers: dict[str, str], seed, min_support: int) -> dict:
    """The definition, spelled out: fit on the customers not held out, predict each next step of
    the held-out ones from the longest suffix (≤ 3) seen min_support times; ties by name."""
    counts: dict[tuple, Counter] = {}
    for customer, steps in journeys.items():
        if held_out(identifiers[customer], seed):
            continue
        for i, step in enumerate(steps):
            nxt = steps[i + 1] if i + 1 < len(steps) else LEFT
            for k in range(min(3, i + 1) + 1):
                counts.setdefault(tuple(steps[i - k + 1:i + 1]) if k else (), Counter())[nxt] += 1

    def top3(context):
        found = counts.get(context)
        if not found or sum(found.values()) < min_support and context != ():
            return None
        return [n for n, _ in sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[:3]]

    scores, predictions, customers = Counter(), 0, 0
    for customer, steps in journeys.items():
        if not held_out(identifiers[customer], seed):
            continue
        customers += 1
        for i in range(len(steps)):
            actual = steps[i + 1] if i + 1 < len(steps) else LEFT
            suffixes = [tuple(steps[i - k + 1:i + 1]) for k in range(min(3, i + 1), 0, -1)] + [()]
            guesses = {"": next(t for c in suffixes if (t := top3(c))),
                       "first_order_": next(t for c in suffixes[-2:] if (t := top3(c))),
                       "baseline_": top3(())}
            for name, guess in guesses.items():
                scores[f"{name}top1"] += guess[0] == actual
                scores[f"{name}top3"] += actual in guess
            predictions += 1
    return {name: scores[name] / predictions for name in
            ("top1", "top3", "baseline_top1", "baseline_top3", "first_order_top1", "first_order_top3")} | {
        "predictions": predictions, "held_out_customers": customers}


def test_evaluation_equals_a_brute_force_on_a_small_case(tmp_path):
    rng = np.random.default_rng(21)
    con = load_journeys(tmp_path, generate(rng, 150, order=2, max_steps=7))
    journeys, identifiers = loaded_journeys(con), first_identifiers(con)
    for min_support in (3, 30):   # 3: every order is used somewhere
        got = evaluate_next(con, seed=7, min_support=min_support)
        expected = brute_force_evaluation(journeys, identifiers, 7, min_support)
        assert 10 <= expected["held_out_customers"] <= 50
        for name, value in expected.items():
            assert got[name] == pytest.approx(value), (min_support, name)
        assert got["training_customers"] == len(journeys) - expected["held_out_customers"]
    con.close()


def test_evaluation_is_the_same_in_another_workspace_of_the_same_files(tmp_path):
    journeys = generate(np.random.default_rng(22), 300, order=2, max_steps=8)
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    first, second = load_journeys(tmp_path / "a", journeys), load_journeys(tmp_path / "b", journeys)
    try:
        assert set(loaded_journeys(first)) != set(loaded_journeys(second))   # customer ids are salted per workspace
        assert evaluate_next(first) == evaluate_next(second)
    finally:
        first.close()
        second.close()


def test_evaluation_is_deterministic_and_the_second_order_model_wins_on_second_order_data(second_order_ws):
    con, _ = second_order_ws
    first, again = evaluate_next(con), evaluate_next(con)
    assert first == again
    assert 0.15 < first["held_out_customers"] / (first["held_out_customers"] + first["training_customers"]) < 0.25
    assert first["top1"] > first["first_order_top1"] + 0.03 > first["baseline_top1"]
    assert first["top3"] >= first["first_order_top3"] >= first["baseline_top3"]
    assert evaluate_next(con, seed=99)["held_out_customers"] != first["held_out_customers"]


# ---------------------------------------------------------------- the Journeys page's node

def test_what_customers_did_next_after_a_node_the_first_time(second_order_ws):
    con, journeys = second_order_ws
    expected = Counter()
    for steps in journeys:
        if "cart" in steps:
            i = steps.index("cart")
            expected[steps[i + 1] if i + 1 < len(steps) else LEFT] += 1
    got = count_next_after(con, "cart", top=50)
    assert dict(zip(got["next"], got["customers"])) == dict(expected)
    assert got["share"].sum() == pytest.approx(1.0)
    folded = count_next_after(con, "cart", top=2)
    assert folded["next"].iloc[-1] == OTHER and folded["customers"].sum() == sum(expected.values())
    sentence = next_after_sentence(got, "cart")
    top = got.iloc[0]
    assert sentence.startswith(f"Of the {sum(expected.values()):,} customers who did cart, {top.share:.0%} next ")
