"""The Journeys Sankey as the page draws it (ECharts options, the JSON sent to the browser): one
column per step, "(left)" where customers left, colours from the one palette, readable labels at
depth 10, names from the data masked and only ever put into HTML through encodeHTML."""
import json

import pandas as pd
import pytest
from test_sankey import links_of

from journey_explorer import charts, names
from journey_explorer.charts import palette
from journey_explorer.charts import sankey_echarts as echarts
from journey_explorer.views import flows


def options_of(links, **options) -> dict:
    starters = int(links.loc[links["step"] == 1, "customers"].sum())
    # what streamlit-echarts serialises: plain JSON, the functions as strings
    return json.loads(json.dumps(echarts.sankey_options(links, starters, **options)))


def series_of(links, **options) -> dict:
    return options_of(links, **options)["series"][0]


@pytest.mark.parametrize("depth", [3, 5, 10])
def test_one_column_per_step_and_left_right_after_the_step(demo_ws, depth):
    links = links_of(demo_ws, depth=depth)
    series = series_of(links)
    assert series["type"] == "sankey" and series["layoutIterations"] == 0 and series["nodeAlign"] == "left"
    node = {d["id"]: d for d in series["data"]}
    assert len(node) == len(series["data"])                                   # ids unique
    columns = sorted({d["depth"] for d in series["data"]})
    assert columns == list(range(depth)) and len(columns) == links["step"].max() + 1
    for link in series["links"]:                                               # every band spans one step
        assert node[link["target"]]["depth"] == node[link["source"]]["depth"] + 1
    # a node is in its step's column, its id "step|name"
    for (step, source), link in zip(zip(links["step"], links["source"]), series["links"]):
        assert node[link["source"]]["depth"] == step - 1
        assert link["source"].startswith(f"{step}|")
    lefts = [d for d in series["data"] if d["name"] == "(left)"]
    assert lefts and all(d["title"].startswith("Left after step") for d in lefts)
    for d in lefts:
        step = int(d["title"].rsplit(" ", 1)[1])
        assert d["depth"] == step                                              # column step + 1, never later
        froms = {node[link["source"]]["depth"] for link in series["links"] if link["target"] == d["id"]}
        assert froms == {step - 1}
    assert any(d["title"] == "Left after step 1" for d in lefts)
    # within a column: drawn in sankey_nodes' order, biggest first, Other and (left) at the bottom
    for k in columns:
        column = [d for d in series["data"] if d["depth"] == k]
        named = [d["value"] for d in column if d["name"] not in ("Other", "(left)")]
        assert named == sorted(named, reverse=True)
        tail = [d["name"] for d in column if d["name"] in ("Other", "(left)")]
        assert [d["name"] for d in column][len(column) - len(tail):] == tail


def test_tooltip_has_the_full_name_customers_and_share_of_starters(demo_ws):
    links = links_of(demo_ws, depth=10)
    options = options_of(links, names=names.readable)
    series = options["series"][0]
    starters = int(links.loc[links["step"] == 1, "customers"].sum())
    nodes = charts.sankey_nodes(links, starters, names.readable)
    assert [d["value"] for d in series["data"]] == nodes["customers"].tolist()
    assert [d["customers"] for d in series["data"]] == [f"{c:,}" for c in nodes["customers"]]
    assert [d["share"] for d in series["data"]] == [f"{c / starters:.0%}" for c in nodes["customers"]]
    assert "Step 1: Viewed home page" in {d["title"] for d in series["data"]}
    tip = options["tooltip"]["formatter"]
    assert "customers" in tip and "of those who started" in tip
    # labels cut to the room between ten columns; the tooltip keeps the whole name
    room = max(len(d["label"]) for d in series["data"])
    assert 10 <= room <= 16 and room == echarts.label_room(10)
    long = [d for d in series["data"] if len(d["full"]) > room]
    assert long and all(d["title"].endswith(d["full"]) for d in long if d["name"] != "(left)")
    assert all(d["label"] == "" or d["full"].startswith(d["label"].rstrip("…")) for d in series["data"])
    per_column = nodes.groupby("step").size()
    assert per_column.max() <= flows.readable_top(8, 10) + 2
    assert series["label"]["color"] == charts.flows.TEXT                      # dark labels
    assert series["label"]["formatter"].endswith("return p.data.label; }")    # the name, not the id
    assert all(not d["label"].startswith("page_view") for d in series["data"])
    # ten steps fit side by side: a column every GAP pixels at least
    assert echarts.chart_width(10) >= 9 * echarts.GAP + echarts.NODE


def test_colours_come_from_the_one_palette(demo_ws):
    links = links_of(demo_ws, by="channel")
    series = series_of(links)
    colour_of = {d["name"]: d["itemStyle"]["color"] for d in series["data"]}
    assert colour_of["Email"] == palette.colour("Email") and colour_of["(left)"] == palette.LEFT_COLOUR
    channels = {d["name"] for d in series["data"]} - {"Other", "(left)"}
    assert len({colour_of[c] for c in channels}) == len(channels)               # no two channels alike
    node = {d["id"]: d for d in series["data"]}
    for link in series["links"]:
        into_left = node[link["target"]]["name"] == "(left)"
        source = node[link["source"]]["itemStyle"]["color"]
        expected = palette.rgba("#b4b4b4", 0.35) if into_left else palette.rgba(source, 0.45)
        assert link["lineStyle"]["color"] == expected and link["lineStyle"]["opacity"] == 1


def test_touchpoints_are_coloured_by_their_kind(demo_ws):
    links = links_of(demo_ws)
    kinds = dict(flows.node_kinds(demo_ws, flows.DEFAULT_GROUPS).itertuples(index=False))
    series = series_of(links, colour_keys=kinds)
    starters = int(links.loc[links["step"] == 1, "customers"].sum())
    nodes = charts.sankey_nodes(links, starters)
    for node, d in zip(nodes["node"], series["data"]):
        if node in kinds:
            assert d["itemStyle"]["color"] == palette.colour(kinds[node])
    assert {kinds[n] for n in nodes["node"] if n in kinds} >= {"web", "email"}


NASTY = ['<a href="https://example.com/login">phish</a>', "<img src=x onerror=alert(1)>",
         "Signed up jane.roe@example.com", "Called +1 415 555 0132", "[md](http://x.test)"]


def nasty_links() -> pd.DataFrame:
    rows = [(1, NASTY[0], NASTY[1], 40), (1, NASTY[2], NASTY[3], 30), (2, NASTY[1], NASTY[4], 25),
            (2, NASTY[1], "(left)", 15), (2, NASTY[3], "(left)", 30)]
    return pd.DataFrame(rows, columns=["step", "source", "target", "customers"])


def test_names_are_masked_and_only_reach_html_through_encode_html():
    options = options_of(nasty_links())
    sent = json.dumps(options)
    assert "jane.roe" not in sent and "555 0132" not in sent                  # masked before the browser
    series = options["series"][0]
    assert {d["full"] for d in series["data"]} >= {NASTY[0], NASTY[1], "Signed up ***@example.com", "Called ***"}
    # the one HTML sink: every text from the data goes through ECharts' encoder
    tip = options["tooltip"]["formatter"]
    assert "const e = echarts.format.encodeHTML" in tip
    for field in ("d.from", "d.to", "d.title", "d.customers", "d.share"):
        assert f"e({field})" in tip
    assert tip.count("+ d.") == 0 and "p.name" not in tip
    # two masked names alike stay two nodes
    twins = pd.DataFrame([(1, "a@x.com", "b", 5), (1, "c@x.com", "b", 5)],
                         columns=["step", "source", "target", "customers"])
    ids = [d["id"] for d in series_of(twins)["data"]]
    assert len(set(ids)) == len(ids) == 3
    assert series_of(twins, show_pii=True)["data"][0]["full"] in {"a@x.com", "c@x.com"}


def test_a_click_can_pick_every_named_step_and_nothing_else(demo_ws):
    links = links_of(demo_ws, depth=4)
    starters = int(links.loc[links["step"] == 1, "customers"].sum())
    options = echarts.sankey_options(links, starters, names=names.readable)
    picks = echarts.clickable(options, links, starters)
    data = options["series"][0]["data"]
    named = [d for d in data if d["name"] not in ("Other", "(left)")]
    assert sorted(picks) == sorted(d["id"] for d in named)
    assert all(names.readable(picks[d["id"]]) == d["full"] for d in named)
    assert set(picks.values()) <= set(links["source"]) | set(links["target"])
    # the functions reach the browser wrapped the way the page wraps them, nothing else changed
    wrapped = echarts.with_functions(options, lambda js: ("JS", js))
    assert wrapped["tooltip"]["formatter"] == ("JS", echarts.TOOLTIP)
    assert wrapped["series"][0]["label"]["formatter"] == ("JS", echarts.LABEL)
    assert wrapped["series"][0]["data"] == data
