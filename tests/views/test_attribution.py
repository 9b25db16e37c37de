"""Attribution: every rule-based model checked exactly on hand-made journeys loaded through the real
loader, and every model against an independent computation on generated journeys (journeys split
in pandas, Markov removal effects by inverting each reduced chain, Shapley values by enumerating
orderings)."""
from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from attribution_brute_force import expected, journeys_of, removal_effects, shapley_by_orderings
from helpers import CALL_HEADER, EMAIL_HEADER, write_csv

from journey_explorer import db, ingest
from journey_explorer.filters import Filters, parse_filters
from journey_explorer.views import attribution as A
from journey_explorer.views import costs

T0 = dt.datetime(2024, 3, 1, 10, 0)
DAY = dt.timedelta(days=1)
SECOND = dt.timedelta(seconds=1)
WEB_HEADER = ["anonymous_id", "event", "timestamp", "received_at", "context_page_path",
              "context_campaign_source", "context_campaign_medium", "context_campaign_name",
              "context_campaign_term", "revenue", "email", "phone"]
SOURCES = {"Paid Search": ("google", "cpc"), "Organic Search": ("google", "organic"),
           "Paid Social": ("facebook", "paid_social"), "Referral": ("outdoorgearlab.com", "referral"),
           "Display": ("google", "display"), "Direct": ("(direct)", "(none)"), None: ("", "")}


def web(user, when, channel=None, event="page_view", value="", email="", phone="", campaign="", term=""):
    source, medium = SOURCES[channel]
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return [user, event, stamp, stamp, "/checkout" if event == "purchase" else "/", source, medium,
            campaign, term, value, email, phone]


def email_click(address, when):
    return [address, "click", when.strftime("%Y-%m-%d %H:%M:%S UTC"), "Spring Sale", ""]


def call(phone, when, value, first_time="true"):
    return [when.strftime("%Y-%m-%d %H:%M:%S"), phone, "(800) 555-0100", "120", "true", first_time,
            "google", "cpc", "brand", "hiking boots", "/", "", value, "mobile", "Denver"]


def day(n: float) -> dt.datetime:
    return T0 + n * DAY


# Each journey: its conversion's value and the touches credited to it (channel, days before the
# conversion), in order. The workspace below is built from exactly these.
JOURNEYS = {
    "one touch": (100, [("Paid Search", 1)]),
    "two touches": (50, [("Paid Social", 3), ("Organic Search", 1)]),
    "many touches, a repeat": (200, [("Paid Search", 7), ("Email", 6), ("Email", 5), ("Referral", 3),
                                     ("Organic Search", 1)]),
    "after a conversion": (30, [("Direct", 2)]),
    "lookback edge": (80, [("Display", 30), ("Organic Search", 1)]),   # Paid Social 30 d + 1 s: out
    "closed on a call": (300, [("Paid Search", 2), ("Email", 1)]),
}
WEB_ROWS = [
    web("u1", day(0), "Paid Search"), web("u1", day(1), event="purchase", value=100),
    web("u2", day(0), "Paid Social"), web("u2", day(2), "Organic Search"), web("u2", day(3), event="purchase", value=50),
    web("u3", day(0), "Paid Search", email="u3@example.com", campaign="brand", term="boots"),
    web("u3", day(4), "Referral"), web("u3", day(6), "Organic Search"), web("u3", day(7), event="purchase", value=200),
    web("u3", day(10), "Direct"), web("u3", day(12), event="purchase", value=30),
    web("u3", day(20), "Paid Search"),                       # after the last conversion: no credit
    web("u4", day(1) - SECOND, "Paid Social"), web("u4", day(1), "Display", campaign="remarketing"),
    web("u4", day(30), "Organic Search"), web("u4", day(31), event="purchase", value=80),
    web("u5", day(0), "Paid Search", email="u5@example.com", phone="(415) 555-0132"),
    web("u7", day(0), "Organic Search"),                      # never converts
]
EMAIL_ROWS = [email_click("u3@example.com", day(1)), email_click("u3@example.com", day(2)),
              email_click("u5@example.com", day(1))]
CALL_ROWS = [call("(415) 555-0132", day(2), 300),            # u5's web and email touches get its credit
             call("(212) 555-0147", day(5), 40)]             # a caller with no touch before: credited itself


@pytest.fixture
def hand_made(con, tmp_path):
    files = [write_csv(tmp_path / "web.csv", WEB_HEADER, WEB_ROWS),
             write_csv(tmp_path / "emails.csv", EMAIL_HEADER, EMAIL_ROWS),
             write_csv(tmp_path / "calls.csv", CALL_HEADER, CALL_ROWS)]
    ingest.load_files(con, files)
    return con


def lonely_call_channel(con) -> str:
    """The channel the rules give the call nobody touched before (Phone, or its source's channel)."""
    return con.execute("SELECT channel FROM touchpoints WHERE kind = 'call' AND value = 40").fetchall()[0][0]


def got(con, model: str, **options) -> pd.DataFrame:
    frame = A.attribution(con, model, **options).set_index(options.get("by", "channel"))
    return frame[frame["conversions"] > 0].sort_index()


@pytest.mark.parametrize("model", A.RULE_BASED)
def test_rule_based_models_on_hand_made_journeys(hand_made, model):
    journeys = JOURNEYS | {"called, nothing before": (40, [(lonely_call_channel(hand_made), 0)])}
    want, have = expected(model, journeys), got(hand_made, model)
    assert have.index.tolist() == want.index.tolist()
    assert have["conversions"].to_numpy() == pytest.approx(want["conversions"].to_numpy(), abs=1e-9)
    assert have["value"].to_numpy() == pytest.approx(want["value"].to_numpy(), abs=1e-9)


def test_the_numbers_behind_the_hand_made_expectations(hand_made):
    """A few of them spelled out, so the definitions above cannot drift together with the code."""
    linear = got(hand_made, "linear")["conversions"]
    # Email: 2 of the 5 touches of "many touches" + 1 of the 2 of "closed on a call"
    assert linear["Email"] == pytest.approx(2 / 5 + 1 / 2)
    position = got(hand_made, "position")["conversions"]
    # Referral: a middle touch of five, one of the three sharing 20%
    assert position["Referral"] == pytest.approx(0.2 / 3)
    first = got(hand_made, "first")
    assert first.loc["Display", "conversions"] == 1  # the touch exactly 30 days before is in
    assert "Paid Social" in first.index and first.loc["Paid Social", "conversions"] == 1  # u2 only
    called = 40 if lonely_call_channel(hand_made) == "Paid Search" else 0  # a call from Google Ads
    assert first.loc["Paid Search", "value"] == 100 + 200 + 300 + called


def test_the_lookback_edge_and_a_shorter_window(hand_made):
    # 29 days: the Display touch 30 days before the purchase drops out; Organic Search keeps it.
    narrow = got(hand_made, "first", lookback_days=29)
    wide_open = got(hand_made, "first", lookback_days=30 + 2 / 86400)  # 30 d + 2 s: Paid Social comes in
    assert "Display" not in narrow.index
    assert narrow.loc["Organic Search", "conversions"] == 1  # u4's (u2's first is Paid Social)
    assert wide_open.loc["Paid Social", "conversions"] == 2 and "Display" not in wide_open.index


def test_a_call_conversion_credits_the_touches_before_it(hand_made):
    last = got(hand_made, "last")
    # u5's call: its last touch before is the email click, not the call itself.
    assert last.loc["Email", "value"] == 300
    totals = A.conversion_totals(hand_made)
    assert totals == A.Totals(conversions=7, value=800.0, call_conversions=2, call_value=340.0)
    text = A.calls_sentence(totals)
    assert text.startswith("2 of the 7 conversions (29%) closed on a call, 42% of the converted value")


def test_time_decay_follows_the_half_life(hand_made):
    for half_life in (1, 7, 30):
        have = got(hand_made, "time_decay", half_life_days=half_life)
        journeys = JOURNEYS | {"called": (40, [(lonely_call_channel(hand_made), 0)])}
        want = expected("time_decay", journeys, half_life)
        assert have["conversions"].to_numpy() == pytest.approx(want["conversions"].to_numpy())


def test_credit_goes_to_the_by_field(hand_made):
    first = got(hand_made, "first", by="campaign")["conversions"]
    # u3's first touch had campaign brand, and so did the call nobody touched before (its own
    # touch); u4's first, the Display touch, remarketing; the other four had no campaign.
    assert first.to_dict() == {"brand": 2, "remarketing": 1, "(no campaign)": 4}


def test_all_models_in_one_frame(hand_made):
    frame = A.attribution(hand_made, "all")
    assert frame.columns.tolist() == ["model", "channel", "conversions", "value"]
    assert list(dict.fromkeys(frame["model"])) == list(A.MODELS)
    assert len(frame) == len(A.MODELS) * frame["channel"].nunique()
    for model, rows in frame.groupby("model"):
        assert rows["conversions"].sum() == pytest.approx(7) and rows["value"].sum() == pytest.approx(800)
        assert rows["conversions"].tolist() == sorted(rows["conversions"], reverse=True)
    single = A.attribution(hand_made, "markov")
    assert single.columns.tolist() == ["channel", "conversions", "value"]


def test_bad_options_say_what_to_do(hand_made):
    with pytest.raises(A.AttributionError, match='"markof" is not an attribution model.*Did you mean "markov"'):
        A.attribution(hand_made, "markof")
    with pytest.raises(A.AttributionError, match="not \"medium\""):
        A.attribution(hand_made, "last", by="medium")
    with pytest.raises(A.AttributionError, match="lookback"):
        A.attribution(hand_made, "last", lookback_days=0)


def test_rule_based_models_match_journeys_split_in_python(demo_ws):
    journeys = journeys_of(demo_ws)
    converting = {i: (value, list(zip(groups, ages))) for i, (groups, converted, value, ages)
                  in enumerate(journeys) if converted}
    for model in A.RULE_BASED:
        want, have = expected(model, converting), got(demo_ws, model)
        assert have.index.tolist() == want.index.tolist(), model
        assert have["conversions"].to_numpy() == pytest.approx(want["conversions"].to_numpy()), model
        assert have["value"].to_numpy() == pytest.approx(want["value"].to_numpy()), model


def test_markov_matches_removal_effects_by_matrix_inversion(demo_ws):
    journeys = journeys_of(demo_ws)
    effects = removal_effects(journeys)
    conversions = sum(1 for j in journeys if j[1])
    value = sum(j[2] for j in journeys if j[1])
    total = sum(effects.values())
    have = got(demo_ws, "markov")
    want = {c: conversions * e / total for c, e in effects.items() if e > 0}
    assert sorted(have.index) == sorted(want)
    assert have["conversions"].to_dict() == pytest.approx(want)
    assert have["value"].to_dict() == pytest.approx({c: v * value / conversions for c, v in want.items()})
    assert len(want) >= 6  # a real chain: the demo's channels, calls and email among them


def test_markov_on_the_hand_made_journeys(hand_made):
    # u3's first journey goes Paid Search > Email > Referral > Organic Search (Email twice, merged);
    # u3's tail and u7 end nowhere.
    journeys = journeys_of(hand_made)
    assert sum(1 for j in journeys if not j[1]) == 2
    effects = removal_effects(journeys)
    have = got(hand_made, "markov")["conversions"]
    assert have.to_dict() == pytest.approx({c: 7 * e / sum(effects.values()) for c, e in effects.items()})


def test_shapley_matches_enumerated_orderings(demo_ws):
    # A small case: the journeys' touchpoints in five channels, so every ordering can be walked.
    kept = ["Paid Search", "Organic Search", "Email", "Direct", "Display"]
    filters = parse_filters([f"channel={c}" for c in kept])
    journeys = journeys_of(demo_ws, filters=filters)
    want = shapley_by_orderings(journeys)
    have = A.attribution(demo_ws, "shapley", filters=filters).set_index("channel")
    assert sorted(have.index) == sorted(want) and len(want) == 5
    assert have["conversions"].to_dict() == pytest.approx(want)
    assert have["conversions"].sum() == pytest.approx(sum(1 for j in journeys if j[1]))


def test_shapley_folds_the_smallest_into_other_beyond_fifteen():
    # 17 campaigns: the 14 in the most converting journeys stay, the other 3 are one player.
    names = [f"c{i:02d}" for i in range(17)]
    sets = pd.DataFrame({"groups": [[n] for n in names] + [[names[0], names[16]], [names[1], names[15], names[14]]],
                         "conversions": [30 - i for i in range(17)] + [1, 1], "value": [10.0] * 19})
    credit = A.shapley_credit(sets).set_index("grp")["conversions"]
    assert sorted(credit.index) == sorted(names[:14] + [A.OTHER])
    assert credit.sum() == pytest.approx(sets["conversions"].sum())
    # c01, c15 and c14's journey: two players, c01 and Other, half each
    assert credit["c01"] == pytest.approx(29 + 1 / 2) and credit["c00"] == pytest.approx(30 + 1 / 2)
    assert credit[A.OTHER] == pytest.approx(16 + 15 + 14 + 1 / 2 + 1 / 2)
    small = A.shapley_credit(sets.iloc[[0, 1, 17]], players=2)
    assert small.set_index("grp")["conversions"].to_dict() == pytest.approx({"c00": 30.5, A.OTHER: 29.5})
    assert small.set_index("grp")["value"].to_dict() == pytest.approx({"c00": 15.0, A.OTHER: 15.0})


@pytest.mark.parametrize("by", A.GROUPINGS)
def test_credits_add_up_to_the_conversions_under_every_model(demo_ws, by):
    totals = A.conversion_totals(demo_ws)
    frame = A.attribution(demo_ws, "all", by=by)
    sums = frame.groupby("model")[["conversions", "value"]].sum()
    assert sums["conversions"].to_numpy() == pytest.approx([totals.conversions] * len(A.MODELS))
    assert sums["value"].to_numpy() == pytest.approx([totals.value] * len(A.MODELS))
    assert totals.conversions > 500 and totals.call_conversions > 50
    assert (frame["conversions"] >= 0).all()


def test_filters_narrow_what_is_credited(demo_ws):
    filters = Filters(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31))
    frame = A.attribution(demo_ws, "linear", filters=filters)
    in_2024 = demo_ws.execute("SELECT count(*) FROM touchpoints WHERE is_conversion AND year(ts) = 2024").fetchall()[0][0]
    assert frame["conversions"].sum() == pytest.approx(in_2024)
    assert 0 < in_2024 < A.conversion_totals(demo_ws).conversions


def test_the_caption_names_the_biggest_change(demo_ws):
    frame = A.credits(demo_ws, ["last", "markov"])
    text = A.model_contrast(frame)
    pair = frame.pivot(index="channel", columns="model", values="conversions")
    big = pair[pair.max(axis=1) >= A.NOTABLE_SHARE * pair["last"].sum()]
    change = np.abs(np.log(big["markov"] / big["last"]))
    name = change.idxmax()
    ratio = big.loc[name, "markov"] / big.loc[name, "last"]
    words = f"{ratio:.1f}× more" if ratio > 1 else f"{1 - ratio:.0%} less"
    assert text.startswith(f"{name} gets {words} credit under the data-driven (Markov) model than under last touch")
    single = A.model_contrast(A.attribution(demo_ws, "first"))
    top = A.attribution(demo_ws, "first").iloc[0]
    assert single == (f"{top['channel']} gets the most credit: "
                      f"{top['conversions'] / A.conversion_totals(demo_ws).conversions:.0%} of the conversions.")


def test_the_caption_when_models_agree_or_nothing_closes_on_a_call():
    frame = pd.DataFrame({"model": ["last", "last", "linear", "linear"], "channel": ["Email", "Direct"] * 2,
                          "conversions": [6.0, 4.0, 6.1, 3.9], "value": [0.0] * 4})
    assert A.model_contrast(frame) == ("The models broadly agree: Email gets the most credit under last touch "
                                       "and under the linear model.")
    assert A.calls_sentence(A.Totals(10, 0.0, 0, 0.0)) == "None of these conversions closed on a call."
    assert A.calls_sentence(A.Totals(0, 0.0, 0, 0.0)) == ""


def test_cost_per_group_counts_the_days_inside_the_dates():
    costs = pd.DataFrame({"period_start": [dt.date(2024, 1, 1), dt.date(2024, 1, 1), None],
                          "period_end": [dt.date(2024, 1, 31), dt.date(2024, 1, 10), None],
                          "channel": ["Paid Search", None, "Paid Search"],
                          "campaign": [None, "brand", None], "cost": [310.0, 100.0, 50.0]})
    everything = A.cost_per_group(costs, "channel")
    assert everything.to_dict("list") == {"channel": ["Paid Search"], "cost": [360.0]}
    first_ten = A.cost_per_group(costs, "campaign", dt.date(2024, 1, 6), dt.date(2024, 2, 1))
    assert first_ten.to_dict("list") == {"campaign": ["brand"], "cost": [pytest.approx(50.0)]}
    part = A.cost_per_group(costs, "channel", dt.date(2024, 1, 22), None)
    assert part["cost"].tolist() == [pytest.approx(100.0 + 50.0)]


def test_no_costs_saved_means_no_roas(hand_made):
    assert db.has_table(hand_made, "costs") and costs.costs(hand_made).empty
    summary = A.summarise(hand_made, ["last", "markov"])
    assert "roas" not in summary.credits and summary.totals.conversions == 7
    assert summary.caption.endswith("the web and email touches before each call share its credit.")


def test_top_groups_and_the_wide_table(demo_ws):
    frame = A.credits(demo_ws, ["last", "shapley"], by="campaign")
    top = A.top_groups(frame, "campaign", 5)
    assert top["campaign"].nunique() == 6 and top["campaign"].iloc[-1] == A.OTHER
    assert top.groupby("model")["conversions"].sum().to_numpy() == pytest.approx(
        frame.groupby("model")["conversions"].sum().to_numpy())
    table = A.wide(frame, "campaign")
    assert table.columns.tolist() == ["campaign", "Last touch", "Data-driven (Shapley)"]
    assert table["Last touch"].tolist() == sorted(table["Last touch"], reverse=True)
    assert math.isclose(table["Data-driven (Shapley)"].sum(), A.conversion_totals(demo_ws).conversions)
