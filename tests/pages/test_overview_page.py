"""The Overview page, run on its own with a workspace in the session."""
from __future__ import annotations

import json

import pyarrow as pa
from page_helpers import CALLS, EMAILS, OVERVIEW, WEB, build, count, metrics, open_ws, run_page, texts

from journey_explorer import workspace
from journey_explorer.charts import KIND_LABELS
from journey_explorer.views import overview as overview_view


def test_overview_metrics_match_the_core(full_ws):
    expected = overview_view.overview(full_ws.con)
    t = expected.totals
    assert t["customers"] >= 4 and t["multi_kind_customers"] >= 1  # the fixture stitches across kinds

    at = run_page(OVERVIEW, full_ws)

    assert texts(at.title) == ["Overview"]
    shown = metrics(at)
    assert shown["Customers"] == f"{t['customers']:,}"
    assert shown["Touchpoints"] == f"{t['touchpoints']:,}"
    assert shown["Seen in 2+ kinds"] == f"{t['multi_kind_share']:.0%}"
    assert shown["Converted"] == f"{t['converted_customers'] / t['customers']:.0%}"
    # web 6 rows, calls 4 good rows, emails 4 rows
    assert shown["Touchpoints"] == "14"
    assert len(at.get("vega_lite_chart")) == 3
    mix = at.dataframe[0].value
    assert mix.to_dict("list") == expected.kind_mix.to_dict("list")
    assert not at.info


def chart_data(chart):
    """An Altair chart's title and its data (Vega-Lite spec + Arrow dataset)."""
    spec = json.loads(chart.proto.spec)
    title = spec.get("title")
    frames = [pa.ipc.open_stream(ds.data.data).read_pandas() for ds in chart.proto.datasets]
    return (title["text"] if isinstance(title, dict) else title), frames[0]


def test_overview_charts_carry_the_counts(full_ws):
    expected = overview_view.overview(full_ws.con)
    at = run_page(OVERVIEW, full_ws)
    charts = dict(chart_data(c) for c in at.get("vega_lite_chart"))
    assert set(charts) == {"Touchpoints by kind", "Touchpoints by channel", "Touchpoints per month"}
    by_kind = charts["Touchpoints by kind"].set_index("kind")["touchpoints"].to_dict()
    assert by_kind == {"Web": 6, "Calls": 4, "Email": 4}  # plain labels, not the codes web/call/email
    assert by_kind == {KIND_LABELS[k]: n for k, n in expected.by_kind.set_index("kind")["touchpoints"].items()}
    by_channel = charts["Touchpoints by channel"].set_index("channel")["touchpoints"].to_dict()
    assert by_channel == expected.by_channel.set_index("channel")["touchpoints"].to_dict()
    # of the 4 calls only the one without a source is Phone; the two from cpc ads are Paid Search
    assert by_channel["Phone"] == 1 and by_channel["Paid Search"] == 2 and by_channel["Email"] == 4
    assert charts["Touchpoints per month"]["touchpoints"].sum() == expected.totals["touchpoints"]
    # every chart has its one-line plain-language caption right after it
    assert len(at.caption) >= 4


def test_overview_on_an_empty_workspace_says_what_to_do(tmp_path):
    ws = open_ws(build(tmp_path, {}))
    try:
        at = run_page(OVERVIEW, ws)
        assert len(at.info) == 1
        assert "No touchpoints yet" in at.info[0].value and "Data" in at.info[0].value
        assert not at.metric
        assert not at.get("vega_lite_chart")
    finally:
        ws.con.close()


def test_overview_follows_the_sidebar_filters(full_ws):
    calls = count(full_ws.con, "SELECT count(*) FROM touchpoints WHERE kind = 'call'")
    callers = count(full_ws.con, "SELECT count(DISTINCT customer_id) FROM touchpoints WHERE kind = 'call'")
    at = run_page(OVERVIEW, full_ws, flt_kinds=["call"])
    shown = metrics(at)
    assert shown["Touchpoints"] == f"{calls:,}" == "4"
    assert shown["Customers"] == f"{callers:,}"


def test_overview_opens_the_workspace_named_by_env(tmp_path, monkeypatch):
    path = build(tmp_path, {"web.csv": WEB, "calls.csv": CALLS, "emails.csv": EMAILS})
    con = workspace.connect(path, read_only=True)
    t = overview_view.overview(con).totals
    con.close()
    monkeypatch.setenv("JOURNEY_EXPLORER_DB", str(path))

    at = run_page(OVERVIEW)

    assert metrics(at)["Customers"] == f"{t['customers']:,}"
    ws = at.session_state["workspace"]
    assert ws.key == str(path) and not ws.read_only
    ws.con.close()


# --------------------------------------------------------------------------- Data: upload
