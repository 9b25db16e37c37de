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
    assert any(c.value == "Made a call" for c in at.sidebar.caption)
    at.text_input(key="flt_segment").set_value("kind=call; chanel=Email").run()
    assert any('Did you mean "channel"' in e.value for e in at.sidebar.error)
    assert metrics(at)["Touchpoints"] == f"{everyone['touchpoints']:,}"  # a wrong segment keeps everyone
    at.text_input(key="flt_segment").set_value("kind!=call").run()
    assert at.query_params["customers"] == "kind!=call"
    rest = overview_view.overview(ws.con, Filters(segment=segments.segment(["kind!=call"]))).totals
    assert metrics(at)["Touchpoints"] == f"{rest['touchpoints']:,}"
    at.text_input(key="flt_segment").set_value("").run()
    assert "customers" not in at.query_params


SHOP = "user_id,event,timestamp,Billing Name,Billing Phone,fn,$insert_id,_fivetran_synced,order_ref,plan\n" + "".join(
    f"u{i % 6},page_view,2024-03-{1 + i % 28:02d} 10:{i:02d}:00,Person {i % 6},'+1 512-555-{1000 + i % 6},"
    f"{(str(i % 6) * 64)[:64].replace('0', 'a')},ins{i},2024-06-01 00:00:{i:02d},#{1001 + i},{'pro' if i % 3 else 'free'}\n"
    for i in range(40))


def test_the_attribute_filter_and_the_splits_leave_out_personal_and_technical_columns(tmp_path):
    ws = open_ws(build(tmp_path, {"shop.csv": SHOP, "calls.csv": CALLS}))
    at = run_with_sidebar(ws, "pages/overview.py")
    offered = at.selectbox(key="flt_attr").options
    assert {"plan", "device"} <= set(offered)
    assert not {"Billing Name", "Billing Phone", "fn", "$insert_id", "_fivetran_synced", "order_ref"} & set(offered)
    at = run_with_sidebar(ws, "pages/segments.py")
    at.radio(key="segments_mode").set_value("Split by one field").run()
    split = at.selectbox(key="segments_split").options
    assert "Plan" in split and not {"Billing name", "Billing phone", "Fn", "$insert id", "Order ref"} & set(split)
    # Left out of the lists, kept in the data: a link that names one still filters by it.
    at = run_with_sidebar(ws, "pages/overview.py", {"customers": "attrs.order_ref=#1007"})
    expected = overview_view.overview(ws.con, Filters(segment=segments.segment(["attrs.order_ref=#1007"]))).totals
    assert expected["customers"] == 1 and metrics(at)["Touchpoints"] == f"{expected['touchpoints']:,}" == "7"
