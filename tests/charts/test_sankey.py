"""The Journeys Sankey, checked on its figure JSON: one column per step, "(left)" where customers
left, colours from the one palette (the same on every page), readable labels at depth 10."""
import itertools
import json

import pytest

from journey_explorer import charts, names
from journey_explorer.charts import flows as sankey
from journey_explorer.charts import palette
from journey_explorer.views import flows
from journey_explorer.views import growth as growth_view
from journey_explorer.views import overview as overview_view


def figure_json(links, **options) -> dict:
    starters = int(links.loc[links["step"] == 1, "customers"].sum())
    return json.loads(charts.sankey_figure(links, starters, **options).to_json())["data"][0]


def links_of(con, by="touchpoint", depth=5, **options):
    exclude = flows.technical_in(flows.node_counts(con, by)["node"]) if by == "touchpoint" else ()
    top = flows.readable_top(8, depth)
    return flows.sankey_links(con, by=by, depth=depth, top=top, exclude=exclude, groups=flows.DEFAULT_GROUPS, **options)


@pytest.mark.parametrize("depth", [3, 5, 10])
def test_one_column_per_step_and_left_right_after_the_step(demo_ws, depth):
    links = links_of(demo_ws, depth=depth)
    trace = figure_json(links)
    x, labels = trace["node"]["x"], trace["node"]["customdata"]
    columns = sorted(set(x))
    assert len(columns) == links["step"].max() + 1 == depth
    assert columns[0] == pytest.approx(0.001) and columns[-1] == pytest.approx(0.999)
    width = columns[1] - columns[0]
    gaps = [b - a for a, b in itertools.pairwise(columns)]
    # evenly spaced; the last gap holds two columns of labels (Plotly writes the last column's to its left)
    assert gaps[:-1] == pytest.approx([width] * (len(gaps) - 1)) and gaps[-1] == pytest.approx(2 * width if depth > 2 else 0.998)
    source, target = trace["link"]["source"], trace["link"]["target"]
    for s, t in zip(source, target):                                            # every band spans one step
        assert columns.index(x[t]) == columns.index(x[s]) + 1
    # a node is in its step's column: step k at columns[k - 1]
    for (step, node), k in zip(zip(links["step"], links["source"]), source):
        assert x[k] == pytest.approx(columns[step - 1])
    lefts = [i for i, title in enumerate(labels) if title[0].startswith("Left after step")]
    assert lefts and all(trace["node"]["label"][i] == "(left)" for i in lefts)
    for i in lefts:
        step = int(labels[i][0].rsplit(" ", 1)[1])
        assert x[i] == pytest.approx(columns[step])           # column step + 1, never later
        froms = {x[s] for s, t in zip(source, target) if t == i}
        assert froms == {columns[step - 1]}
    # customers who left after step 1 leave from step 1: some of them at every depth of the demo
    assert any(labels[i][0] == "Left after step 1" for i in lefts)


def test_hover_has_the_full_name_customers_and_share_of_starters(demo_ws):
    links = links_of(demo_ws, depth=10)
    trace = figure_json(links, names=names.readable)
    starters = int(links.loc[links["step"] == 1, "customers"].sum())
    nodes = sankey.sankey_nodes(links, starters, names.readable)
    titles, customers, shares = zip(*trace["node"]["customdata"])
    assert list(customers) == nodes["customers"].tolist()
    assert list(shares) == [f"{c / starters:.0%}" for c in customers]
    assert "Step 1: Viewed home page" in titles
    assert "customers" in trace["node"]["hovertemplate"] and "of those who started" in trace["node"]["hovertemplate"]
    # labels are cut to the room between ten columns; the hover keeps the whole name
    room = max(len(label) for label in trace["node"]["label"])
    assert room <= 16
    long = [n for n in nodes["name"] if len(n) > room]
    assert long and all(any(t.endswith(n) for t in titles) for n in long)
    # at most what the slider offers per step, plus Other and (left)
    per_column = nodes.groupby("step").size()
    assert per_column.max() <= flows.readable_top(8, 10) + 2
    assert trace["textfont"]["color"] == sankey.TEXT       # dark labels, not Plotly's grey
    assert all(not label.startswith("page_view") for label in trace["node"]["label"])


def test_colours_come_from_the_one_palette_on_every_page(demo_ws):
    links = links_of(demo_ws, by="channel")
    trace = figure_json(links)
    starters = int(links.loc[links["step"] == 1, "customers"].sum())
    nodes = sankey.sankey_nodes(links, starters)
    colour_of = dict(zip(nodes["node"], trace["node"]["color"]))
    assert colour_of["Email"] == palette.colour("Email") and colour_of["(left)"] == palette.LEFT_COLOUR
    assert len({colour_of[c] for c in nodes["node"].unique() if c not in ("Other", "(left)")}) == \
        len(set(nodes["node"]) - {"Other", "(left)"})                             # no two channels alike
    # the Overview's channel bars and the Growth stacks give each channel the same colour
    by_channel = charts.bar_chart(overview_view.overview(demo_ws).by_channel, "channel", "touchpoints", "x").to_dict()
    scale = by_channel["encoding"]["color"]["scale"]
    growth = charts.growth_chart(growth_view.growth(demo_ws, "channel", "month"), "month").to_dict()
    grown = growth["encoding"]["color"]["scale"]
    for drawn in (scale, grown):
        for channel, colour in zip(drawn["domain"], drawn["range"]):
            if channel in colour_of:
                assert colour_of[channel] == colour, channel
    # bands take their source's colour; bands into "(left)" are grey
    left = {i for i, n in enumerate(nodes["node"]) if n == "(left)"}
    for s, t, colour in zip(trace["link"]["source"], trace["link"]["target"], trace["link"]["color"]):
        assert colour == (palette.rgba("#b4b4b4", 0.35) if t in left else palette.rgba(trace["node"]["color"][s], 0.45))


def test_touchpoints_are_coloured_by_their_kind(demo_ws):
    links = links_of(demo_ws)
    kinds = dict(flows.node_kinds(demo_ws, flows.DEFAULT_GROUPS).itertuples(index=False))
    trace = figure_json(links, colour_keys=kinds)
    starters = int(links.loc[links["step"] == 1, "customers"].sum())
    nodes = sankey.sankey_nodes(links, starters)
    for node, colour in zip(nodes["node"], trace["node"]["color"]):
        if node in kinds:
            assert colour == palette.colour(kinds[node])
    assert {kinds[n] for n in nodes["node"] if n in kinds} >= {"web", "email"}
