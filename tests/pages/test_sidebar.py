"""The shared sidebar: filters apply to the page and live in the URL (AppTest on a page file)."""
from page_helpers import CALLS, EMAILS, WEB, build, metrics, open_ws, run_with_sidebar

from journey_explorer.filters import Filters, parse_filters
from journey_explorer.views import overview as overview_view
from journey_explorer.views import segments


def test_a_shared_link_reopens_the_same_filters(tmp_path):
    ws = open_ws(build(tmp_path, {"web.csv": WEB, "calls.csv": CALLS, "emails.csv": EMAILS}))
    at = run_with_sidebar(ws, "pages/overview.py", {"kind": "call,email", "channel": "Nope"})
    assert at.multiselect(key="flt_kinds").value == ["call", "email"]
    assert at.multiselect(key="flt_channels").value == []          # unknown values are dropped
    expected = overview_view.overview(ws.con, parse_filters(["kind=call", "kind=email"])).totals
    assert metrics(at)["Touchpoints"] == f"{expected['touchpoints']:,}"


def test_choosing_filters_writes_them_to_the_url(tmp_path):
    ws = open_ws(build(tmp_path, {"web.csv": WEB, "calls.csv": CALLS, "emails.csv": EMAILS}))
    at = run_with_sidebar(ws, "pages/overview.py")
    at.multiselect(key="flt_kinds").set_value(["call"]).run()
    attribute = "device"  # from the call log's Device Type
    assert attribute in at.selectbox(key="flt_attr").options
    at.selectbox(key="flt_attr").set_value(attribute).run()
    value = at.multiselect(key="flt_attr_values").options[0]
    at.multiselect(key="flt_attr_values").set_value([value]).run()
    assert at.query_params["kind"] == "call" and at.query_params["attr"] == attribute
    assert at.query_params["value"] == value
    expected = overview_view.overview(ws.con, parse_filters(["kind=call", f"attrs.{attribute}={value}"])).totals
    assert expected["touchpoints"] > 0
    assert metrics(at)["Touchpoints"] == f"{expected['touchpoints']:,}"


def test_filters_that_keep_nothing_say_so(tmp_path):
    ws = open_ws(build(tmp_path, {"web.csv": WEB, "calls.csv": CALLS}))
    at = run_with_sidebar(ws, "pages/overview.py", {"kind": "web", "attr": "call_duration", "value": "120"})
    assert any("No touchpoints match the filters" in i.value for i in at.info)


def test_dates_in_a_link_are_applied_and_kept(tmp_path):
    ws = open_ws(build(tmp_path, {"web.csv": WEB, "calls.csv": CALLS, "emails.csv": EMAILS}))
    at = run_with_sidebar(ws, "pages/overview.py", {"from": "2024-03-02", "to": "2024-03-03"})
    expected = overview_view.overview(ws.con, parse_filters([], "2024-03-02", "2024-03-03")).totals
    assert 0 < expected["touchpoints"] < overview_view.overview(ws.con).totals["touchpoints"]
    assert metrics(at)["Touchpoints"] == f"{expected['touchpoints']:,}"
    at.run()  # a rerun keeps the range
    assert metrics(at)["Touchpoints"] == f"{expected['touchpoints']:,}"
    assert (at.query_params["from"], at.query_params["to"]) == ("2024-03-02", "2024-03-03")


def test_attribute_values_that_are_phone_numbers_are_masked_but_still_filter(tmp_path):
    ws = open_ws(build(tmp_path, {"web.csv": WEB, "calls.csv": CALLS, "emails.csv": EMAILS}))
    at = run_with_sidebar(ws, "pages/overview.py")
    at.selectbox(key="flt_attr").set_value("tracking_number").run()
    picker = at.multiselect(key="flt_attr_values")
    assert picker.options == ["***"]  # (800) 555-0100 is never on screen
    picker.set_value(["(800) 555-0100"]).run()
    expected = overview_view.overview(ws.con, parse_filters(["attrs.tracking_number=(800) 555-0100"])).totals
    assert 0 < expected["touchpoints"] and metrics(at)["Touchpoints"] == f"{expected['touchpoints']:,}"


def test_a_segment_of_customers_filters_whole_journeys_and_lives_in_the_url(tmp_path):
    ws = open_ws(build(tmp_path, {"web.csv": WEB, "calls.csv": CALLS, "emails.csv": EMAILS}))
    at = run_with_sidebar(ws, "pages/overview.py", {"customers": "kind=call"})
    expected = overview_view.overview(ws.con, Filters(segment=segments.segment(["kind=call"]))).totals
    everyone = overview_view.overview(ws.con).totals
    assert 0 < expected["customers"] < everyone["customers"]
    assert expected["touchpoints"] > overview_view.overview(ws.con, parse_filters(["kind=call"])).totals["touchpoints"]
    assert metrics(at)["Touchpoints"] == f"{expected['touchpoints']:,}"  # their web and email too
    assert any(c.value == "Had kind call" for c in at.sidebar.caption)
    at.text_input(key="flt_segment").set_value("kind=call; chanel=Email").run()
    assert any('Did you mean "channel"' in e.value for e in at.sidebar.error)
    assert metrics(at)["Touchpoints"] == f"{everyone['touchpoints']:,}"  # a wrong segment keeps everyone
    at.text_input(key="flt_segment").set_value("kind!=call").run()
    assert at.query_params["customers"] == "kind!=call"
    rest = overview_view.overview(ws.con, Filters(segment=segments.segment(["kind!=call"]))).totals
    assert metrics(at)["Touchpoints"] == f"{rest['touchpoints']:,}"
    at.text_input(key="flt_segment").set_value("").run()
    assert "customers" not in at.query_params
