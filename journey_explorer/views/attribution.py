"""Attribution: which channels (sources, campaigns, keywords) deserve the credit for conversions.

Seven models share one set of journeys, built in DuckDB (queries/views/attribution/): a customer's
journeys end at each conversion, and a conversion's credited touches are the touchpoints of its
journey inside the lookback window. A call that converts credits the web and email touches
before it: the "began online, closed on the phone" story. The five rule-based models are sums in
SQL; the two data-driven ones read only the journeys' paths, summed (path → journeys, value):

- markov: first-order removal effects of an absorbing chain, exact (one matrix inverse, no
  simulation). Removing a group c, a journey that reaches c goes nowhere, so
  P(conversion | c removed) = P(conversion) − P(reach c) · P(conversion from c), and
  P(reach c) = N[start, c] / N[c, c] for the chain's fundamental matrix N = (I − Q)⁻¹.
- shapley: the game v(S) = conversions of journeys whose set of groups lies inside S is a sum of
  unanimity games (one per set T, worth its conversions), so each group's Shapley value is the
  sum over the sets it is in of their conversions ÷ their size: exact, no enumeration. As the
  issue asks, beyond 15 groups the ones in the fewest converting journeys play as one, Other.

Every model credits each conversion exactly once, so credits add up to the conversions (and to
their value) under every model.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import db
from ..filters import Filters, register_scope
from ..model import did_you_mean
from ..privacy import mask_pii
from ..rules import derived

MODELS = ("first", "last", "linear", "time_decay", "position", "markov", "shapley")
RULE_BASED = MODELS[:5]
GROUPINGS = ("channel", "source", "campaign", "keyword")
MODEL_LABELS = {"first": "First touch", "last": "Last touch", "linear": "Linear", "time_decay": "Time decay",
                "position": "Position-based", "markov": "Data-driven (Markov)",
                "shapley": "Data-driven (Shapley)"}
# How a sentence names each model: "… under the data-driven (Markov) model than under last touch".
MODEL_PHRASES = {"first": "first touch", "last": "last touch", "linear": "the linear model",
                 "time_decay": "time decay", "position": "the position-based model",
                 "markov": "the data-driven (Markov) model", "shapley": "the data-driven (Shapley) model"}
MAX_SHAPLEY_GROUPS = 15   # the Shapley model's players: beyond this, the rest are one, Other
OTHER = "Other"
NOTABLE_SHARE = 0.05      # a group named in the caption has at least this share of the credit
COSTED = ("channel", "campaign")  # what the costs table names
# (by, lookback days, half-life days) that queries/model/attribution_journeys.sql works out with
# touchpoints: what the page opens with.
PRECOMPUTED = ("channel", 30.0, 7.0)


class AttributionError(ValueError):
    """An option a user gave that cannot be used; the message says what to do."""


def attribution(con, model: str, by: str = "channel", lookback_days: float = 30, half_life_days: float = 7,
                filters: Filters | None = None) -> pd.DataFrame:
    """<by>, conversions, value: the conversions (and their value) credited to each channel,
    source, campaign or keyword under `model`; model "all" adds a model column and gives one
    row per model and group, most credit first within each model."""
    frame = credits(con, list(MODELS) if model == "all" else [check_model(model)], by, lookback_days,
                    half_life_days, filters)
    return frame if model == "all" else frame.drop(columns="model")


def check_model(model: str) -> str:
    if model not in MODELS:
        raise AttributionError(f'"{model}" is not an attribution model; use one of {", ".join(MODELS)} or all.'
                               + did_you_mean(str(model), MODELS))
    return model


def _check_options(by: str, lookback_days: float, half_life_days: float) -> None:
    if by not in GROUPINGS:
        raise AttributionError(f'Credit can go to a {", ".join(GROUPINGS)}, not "{by}".'
                               + did_you_mean(str(by), GROUPINGS))
    if not lookback_days > 0:
        raise AttributionError("The lookback window should be longer than zero, e.g. 30d.")
    if not half_life_days > 0:
        raise AttributionError("The half-life should be longer than zero, e.g. 7d.")


def credits(con, models: list[str], by: str = "channel", lookback_days: float = 30, half_life_days: float = 7,
            filters: Filters | None = None) -> pd.DataFrame:
    """model, <by>, conversions, value for each of `models` (in that order) and every group any
    of them credits (0 where one does not)."""
    for model in models:
        check_model(model)
    _check_options(by, lookback_days, half_life_days)
    register_scope(con, filters)
    # The page's first view was worked out with touchpoints (attribution_journeys).
    whole = (by, float(lookback_days), float(half_life_days)) == PRECOMPUTED and derived(
        con, "attribution_journeys", filters)
    lookback = float(lookback_days) * 86400
    if not whole:
        # Journeys that did not convert matter only to the Markov model (its paths to nowhere).
        db.run(con, "views/attribution/touches", by=by, lookback_seconds=lookback, unconverted="markov" in models)
        db.run(con, "views/attribution/lonely_conversions", by=by)
        if "markov" in models:
            db.run(con, "views/attribution/unconverted_window", lookback_seconds=lookback)
    found = []
    if set(models) & set(RULE_BASED):
        found.append(db.frame(con, "views/attribution/heuristic_whole") if whole else
                     db.frame(con, "views/attribution/heuristic", half_life_days=float(half_life_days)))
    if set(models) & {"markov", "shapley"}:
        if whole:
            db.run(con, "views/attribution/paths_whole", unconverted="markov" in models)
        else:
            db.run(con, "views/attribution/paths")
        if "markov" in models:
            found.append(markov_credit(db.frame(con, "views/attribution/transitions")).assign(model="markov"))
        if "shapley" in models:
            found.append(shapley_credit(db.frame(con, "views/attribution/channel_sets")).assign(model="shapley"))
    return _grid(pd.concat(found, ignore_index=True), models, by)


def _grid(found: pd.DataFrame, models: list[str], by: str) -> pd.DataFrame:
    """Every model × every credited group (0 where a model gives none), most credit first."""
    # Masked before summing: two numbers that mask alike are one row, not two of the same name.
    found = found[found["model"].isin(models)].assign(grp=lambda f: f["grp"].map(mask_pii))
    groups = sorted(set(found["grp"]))
    grid = pd.MultiIndex.from_product([models, groups], names=["model", "grp"])
    frame = (found.groupby(["model", "grp"])[["conversions", "value"]].sum().astype("float64").map(_steady)
             .reindex(grid, fill_value=0.0).reset_index())
    frame["order"] = frame["model"].map({m: i for i, m in enumerate(models)})
    frame = frame.sort_values(["order", "conversions", "grp"], ascending=[True, False, True], kind="stable")
    return (frame.drop(columns="order").rename(columns={"grp": by}).reset_index(drop=True)
            .astype({"conversions": "float64", "value": "float64"}))


def _steady(number: float) -> float:
    """12 significant digits, past what anyone reads: DuckDB's parallel sums differ in the last
    bits from run to run, and an export should be the same file each time."""
    return float(f"{number:.12g}")


# ---------------------------------------------------------------- data-driven models

def markov_credit(transitions: pd.DataFrame) -> pd.DataFrame:
    """grp, conversions, value by first-order removal effect, from transitions.sql's frame
    (from_group NULL = start; to_group NULL = the journey's end, a conversion when converted).
    The converted value is shared out in the same proportions as the conversions."""
    ends = transitions["to_group"].isna().to_numpy()
    converted = ends & transitions["converted"].to_numpy(dtype=bool)
    conversions = transitions["journeys"].to_numpy(dtype=float)[converted].sum()
    if not conversions:
        return pd.DataFrame({"grp": [], "conversions": [], "value": []})
    groups = sorted(set(transitions["from_group"].dropna()) | set(transitions["to_group"].dropna()))
    state = {g: i + 1 for i, g in enumerate(groups)}  # 0 is the start
    source = transitions["from_group"].map(state).fillna(0).astype(int).to_numpy()
    target = transitions["to_group"].map(state).fillna(0).astype(int).to_numpy()
    journeys = transitions["journeys"].to_numpy(dtype=float)
    size = len(groups) + 1
    leaving = np.bincount(source, journeys, size)
    moves = np.zeros((size, size))  # Q: probabilities between the start and the groups
    np.add.at(moves, (source[~ends], target[~ends]), journeys[~ends] / leaving[source[~ends]])
    to_conversion = np.bincount(source[converted], journeys[converted], size) / leaving
    fundamental = np.linalg.inv(np.eye(size) - moves)      # N[i, j]: expected visits to j from i
    conversion_from = fundamental @ to_conversion           # P(conversion | in state i)
    base = conversion_from[0]
    reach = fundamental[0, 1:] / np.diag(fundamental)[1:]   # P(ever reaching each group)
    effect = np.clip(1 - (base - reach * conversion_from[1:]) / base, 0, None)
    share = effect / effect.sum()
    value = transitions["value"].to_numpy(dtype=float)[converted].sum()
    return pd.DataFrame({"grp": groups, "conversions": share * conversions, "value": share * value})


def shapley_credit(sets: pd.DataFrame, players: int = MAX_SHAPLEY_GROUPS) -> pd.DataFrame:
    """grp, conversions, value: the Shapley value of each group, from channel_sets.sql's frame
    (groups, conversions, value per set of groups a converting journey touched). Beyond
    `players` groups, those in the fewest converting journeys are one player, Other."""
    if sets.empty:
        return pd.DataFrame(columns=["grp", "conversions", "value"])
    members = sets.reset_index(names="set").explode("groups")
    reach = members.groupby("groups")["conversions"].sum().reset_index()
    reach = reach.sort_values(["conversions", "groups"], ascending=[False, True])
    if len(reach) > players:
        kept = set(reach["groups"].iloc[:players - 1])
        members["groups"] = members["groups"].where(members["groups"].isin(kept), OTHER)
        members = members.drop_duplicates(["set", "groups"])
    size = members.groupby("set")["groups"].transform("size")
    members = members.assign(conversions=members["conversions"] / size, value=members["value"] / size)
    return members.groupby("groups", as_index=False)[["conversions", "value"]].sum().rename(columns={"groups": "grp"})


# ---------------------------------------------------------------- totals, caption, costs

@dataclass(frozen=True)
class Totals:
    """The conversions being credited and how many of them (and of their value) closed on a call."""
    conversions: int
    value: float
    call_conversions: int
    call_value: float


def conversion_totals(con, filters: Filters | None = None) -> Totals:
    register_scope(con, filters)
    conversions, value, calls, call_value = db.rows(con, "views/attribution/conversions")[0]
    return Totals(int(conversions), _steady(value), int(calls), _steady(call_value))


def caption(frame: pd.DataFrame, totals: Totals, by: str = "channel") -> str:
    """What changes between the models in `frame` (credits(), or attribution() of one model),
    and how much of the converted value came through calls, in plain words."""
    return " ".join(s for s in (model_contrast(frame, by), calls_sentence(totals)) if s)


def model_contrast(frame: pd.DataFrame, by: str = "channel") -> str:
    """"Email gets 2.3× more credit under the data-driven (Markov) model than under last touch.":
    the biggest change between the last-touch model (or the first shown) and the data-driven one
    (or the next shown) among groups with a real part of the credit."""
    if frame.empty:
        return ""
    frame = frame if "model" in frame else frame.assign(model="model")
    credit = frame.pivot(index=by, columns="model", values="conversions")
    models = list(dict.fromkeys(frame["model"]))
    total = credit.sum().max()
    if not total:
        return ""
    base = "last" if "last" in models else models[0]
    if len(models) == 1:
        top = credit[base].sort_values(ascending=False, kind="stable")
        phrase = MODEL_PHRASES.get(base)
        return (f"{top.index[0]} gets the most credit" + (f" under {phrase}" if phrase else "")
                + f": {top.iloc[0] / total:.0%} of the conversions.")
    other = next(m for m in ("markov", "shapley", *MODELS) if m in models and m != base)
    pair = credit[[base, other]].fillna(0.0)
    pair = pair[(pair / total).max(axis=1) >= NOTABLE_SHARE]
    with np.errstate(divide="ignore", invalid="ignore"):
        change = np.abs(np.log(pair[other] / pair[base]))
    pair = pair.assign(change=change, size=pair.max(axis=1)).sort_values(
        ["change", "size"], ascending=False, kind="stable")
    name, (before, after) = pair.index[0], pair.iloc[0][[base, other]]
    under, than = MODEL_PHRASES[other], MODEL_PHRASES[base]
    if pair["change"].iloc[0] < np.log(1.1):
        top = credit[base].idxmax()
        return f"The models broadly agree: {top} gets the most credit under {than} and under {under}."
    if before == 0:
        return f"{name} gets credit only under {under} ({after:,.1f} conversions), none under {than}."
    if after == 0:
        return f"{name} gets no credit under {under}, against {before:,.1f} conversions under {than}."
    if after > before:
        return (f"{name} gets {after / before:.1f}× more credit under {under} than under {than} "
                f"({before:,.1f} → {after:,.1f} conversions).")
    return (f"{name} gets {1 - after / before:.0%} less credit under {under} than under {than} "
            f"({before:,.1f} → {after:,.1f} conversions).")


def calls_sentence(totals: Totals) -> str:
    if not totals.conversions:
        return ""
    if not totals.call_conversions:
        return "None of these conversions closed on a call."
    sentence = (f"{totals.call_conversions:,} of the {totals.conversions:,} conversions "
                f"({totals.call_conversions / totals.conversions:.0%}) closed on a call")
    if totals.value:
        sentence += f", {totals.call_value / totals.value:.0%} of the converted value"
    return sentence + ": the web and email touches before each call share its credit."


def cost_per_group(costs: pd.DataFrame, by: str, date_from: dt.date | None = None,
                   date_to: dt.date | None = None) -> pd.DataFrame:
    """<by>, cost: spend per channel or campaign from the costs table (period_start, period_end,
    channel, campaign, cost; NULL = any). A row counts for the share of its days inside the
    dates, all of it without dates or without a period of its own. Rows that name no
    channel (campaign) are no channel's (campaign's) cost."""
    rows = costs[costs[by].notna()]
    start, end = pd.to_datetime(rows["period_start"]), pd.to_datetime(rows["period_end"])
    days = (end - start).dt.days + 1
    low = start.clip(lower=pd.Timestamp(date_from)) if date_from else start
    high = end.clip(upper=pd.Timestamp(date_to)) if date_to else end
    inside = ((high - low).dt.days + 1).clip(lower=0) / days
    cost = rows["cost"].astype(float) * inside.where(start.notna() & end.notna(), 1.0)
    return (pd.DataFrame({by: rows[by], "cost": cost}).groupby(by, as_index=False)["cost"].sum()
            .sort_values(by, kind="stable").reset_index(drop=True))


def with_roas(con, frame: pd.DataFrame, by: str, filters: Filters | None = None) -> pd.DataFrame:
    """frame + cost, roas (credited value ÷ cost) when the workspace has costs for `by`."""
    if by not in COSTED or not db.has_table(con, "costs"):
        return frame
    from .costs import costs  # the Calls page's cost table: there once the table is

    filters = filters or Filters()
    spend = cost_per_group(costs(con), by, filters.date_from, filters.date_to)
    if spend.empty:
        return frame
    merged = frame.merge(spend, on=by, how="left")
    return merged.assign(roas=merged["value"] / merged["cost"].where(merged["cost"] > 0))


# ---------------------------------------------------------------- what the page shows

@dataclass(frozen=True)
class Summary:
    credits: pd.DataFrame   # model, <by>, conversions, value (+ cost, roas when costs are set)
    totals: Totals
    caption: str


def summarise(con, models, by: str = "channel", lookback_days: float = 30, half_life_days: float = 7,
              filters: Filters | None = None) -> Summary:
    """The Attribution page in one call: the chosen models' credits, the totals and the caption."""
    frame = credits(con, list(models), by, lookback_days, half_life_days, filters)
    totals = conversion_totals(con, filters)
    return Summary(with_roas(con, frame, by, filters), totals, caption(frame, totals, by))


def top_groups(frame: pd.DataFrame, by: str, top: int = 12) -> pd.DataFrame:
    """The `top` groups with the most credit under any model; the rest summed into Other, last."""
    biggest = frame[frame[by] != OTHER].groupby(by)["conversions"].max()
    if len(biggest) <= top + 1:
        return frame
    kept = biggest.sort_values(ascending=False, kind="stable").index[:top]
    folded = frame.assign(**{by: frame[by].where(frame[by].isin(kept), OTHER)})
    summed = [c for c in ("conversions", "value", "cost") if c in frame]
    out = folded.groupby(["model", by], sort=False, as_index=False)[summed].sum(min_count=1)
    if "roas" in frame:
        out["roas"] = out["value"] / out["cost"].where(out["cost"] > 0)
    order = {m: i for i, m in enumerate(dict.fromkeys(frame["model"]))}
    out = out.assign(_model=out["model"].map(order), _other=out[by] == OTHER)
    return (out.sort_values(["_model", "_other", "conversions", by], ascending=[True, True, False, True],
                            kind="stable").drop(columns=["_model", "_other"]).reset_index(drop=True))


def wide(frame: pd.DataFrame, by: str, measure: str = "conversions") -> pd.DataFrame:
    """One row per group, one column per model (its label) of `measure`, in the models' order,
    groups by their credit under the first model."""
    models = list(dict.fromkeys(frame["model"]))
    order = list(dict.fromkeys(frame[by]))  # credits() sorts the first model's most credited first
    table = frame.pivot(index=by, columns="model", values=measure).reindex(index=order, columns=models)
    return table.rename(columns=MODEL_LABELS).rename_axis(columns=None).reset_index()
