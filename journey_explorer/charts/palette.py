"""One palette for every page: a kind, channel or stage has the same colour wherever it is drawn
(the Journeys Sankey, Overview's bars, Growth's stacks), Other is grey and "(left)" light grey.
Names without a colour of their own (campaigns, a custom channel) take the palette's unused
colours in the order they are listed, so no two of one chart share a colour.
"""
from __future__ import annotations

OTHER, LEFT = "Other", "(left)"
KIND_LABELS = {"web": "Web", "call": "Calls", "email": "Email", "other": "Other"}
OTHER_COLOUR, LEFT_COLOUR = "#9a9a9a", "#cfcfcf"
# Tableau 20, strongest first: distinct hues that stay readable next to dark text.
SPARE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#9c755f",
         "#a0cbe8", "#ffbe7d", "#8cd17d", "#b6992d", "#499894", "#d37295", "#fabfd2", "#86bcb6", "#d4a6c8",
         "#f1ce63", "#79706e"]
# Kinds as stored and as charts label them (web → Web, call → Calls).
KINDS = {"web": "#4e79a7", "call": "#e15759", "calls": "#e15759", "email": "#f28e2b", "other": "#9c755f"}
CHANNELS = {
    "direct": "#4e79a7", "organic search": "#59a14f", "paid search": "#edc948", "email": "#f28e2b",
    "phone": "#e15759", "paid social": "#b07aa1", "organic social": "#ff9da7", "display": "#9c755f",
    "referral": "#76b7b2", "affiliates": "#8cd17d", "paid shopping": "#86bcb6", "organic shopping": "#499894",
    "paid video": "#d37295", "organic video": "#fabfd2", "cross-network": "#a0cbe8", "paid other": "#ffbe7d",
    "sms": "#d4a6c8", "audio": "#b6992d", "mobile push notifications": "#f1ce63", "unassigned": "#79706e",
}
STAGES = {"awareness": "#a0cbe8", "consideration": "#4e79a7", "purchase": "#59a14f", "experience": "#f28e2b",
          "loyalty": "#b07aa1"}
FIXED = {**CHANNELS, **STAGES, **KINDS, OTHER.lower(): OTHER_COLOUR, LEFT: LEFT_COLOUR}


def colours(names) -> list[str]:
    """The colour of each name, in order: its own when it has one, else the next unused one."""
    names = [str(n) for n in names]
    own = [FIXED.get(n.lower()) for n in names]
    spare = iter([c for c in SPARE if c not in set(own)] * 4)  # wraps only past 80 names
    given: dict[str, str] = {}
    out = []
    for name, colour in zip(names, own):
        if colour is None:
            colour = given.setdefault(name, next(spare))
        out.append(colour)
    return out


def colour(name) -> str:
    return colours([name])[0]


def rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
