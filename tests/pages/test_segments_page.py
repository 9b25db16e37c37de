"""AppTest tests of the Segments page (the page file run directly, see TESTING.md): what it shows
is what journey_explorer.segments computes for the segments on screen."""
import json
from pathlib import Path

import pytest
from page_helpers import build, open_ws, run_page, run_with_sidebar

from journey_explorer.filters import Filters, parse_filters
from journey_explorer.views import flows, segments

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "segments.py")
DEFAULT = [segments.segment(["kind=call"], "Called us"), segments.segment(["kind!=call"], "Never called")]


@pytest.fixture
def ws(full_ws):
    return full_ws


def comparison(at):
    return next(d.value for d in at.dataframe if "p_value" in d.value.columns)


def cards(at) -> list[dict[str, str]]:
    """The metrics of each segment's card, in order (five per card)."""
    shown = [(m.label, m.value) for m in at.metric]
    return [dict(shown[i:i + 5]) for i in range(0, len(shown), 5)]


def test_the_default_compares_callers_with_everyone_else(ws):
    at = run_page(PAGE, ws)
    expected = segments.compare(ws.con, DEFAULT)
    assert comparison(at)["customers"].tolist() == expected["customers"].tolist()
    assert [c["Customers"] for c in cards(at)] == [f"{n:,}" for n in expected["customers"]]
    assert [c["Conversion rate"] for c in cards(at)] == [f"{r:.1%}" for r in expected["conversion_rate"]]
    second = expected.iloc[1]
    verdict = segments.verdict(second.p_value, tuple(expected.iloc[0][["conversions", "customers"]]),
                               (second.conversions, second.customers))
    assert any(c.value.startswith(f"Against Called us: **{verdict}**") for c in at.caption)
    assert json.loads(at.query_params["segments"]) == [["Called us", ["kind=call"]], ["Never called", ["kind!=call"]]]
    keys = {b.key for b in at.get("download_button")}
    assert {"segments_download", "segment_stages_png", "segment_differences_csv"} <= keys


def test_a_condition_added_with_the_builder_changes_the_segment(ws):
    at = run_page(PAGE, ws)
    at.selectbox(key="segments_field_1").set_value("channel").run()
    at.radio(key="segments_how_1").set_value("first.").run()
    channel = at.selectbox(key="segments_value_1").options[0]
    at.selectbox(key="segments_value_1").set_value(channel)
    at.button(key="segments_add_1").click().run()
    assert at.multiselect(key="segments_where_1").value == ["kind!=call", f"first.channel={channel}"]
    chosen = [DEFAULT[0], segments.segment(["kind!=call", f"first.channel={channel}"], "Never called")]
    assert comparison(at)["customers"].tolist() == segments.compare(ws.con, chosen)["customers"].tolist()
    assert comparison(at)["customers"].iloc[1] < segments.compare(ws.con, DEFAULT)["customers"].iloc[1]
    assert json.loads(at.query_params["segments"])[1] == ["Never called", ["kind!=call", f"first.channel={channel}"]]
    at.multiselect(key="segments_where_1").set_value([f"first.channel={channel}"]).run()   # remove one
    chosen[1] = segments.segment([f"first.channel={channel}"], "Never called")
    assert comparison(at)["customers"].tolist() == segments.compare(ws.con, chosen)["customers"].tolist()


def test_more_segments_are_tested_together_too(ws):
    at = run_page(PAGE, ws)
    at.radio(key="segments_count").set_value(3).run()
    at.text_input(key="segments_name_2").set_value("All customers").run()
    chosen = DEFAULT + [segments.segment([], "All customers")]
    expected = segments.compare(ws.con, chosen)
    assert comparison(at)["segment"].tolist() == ["Called us", "Never called", "All customers"]
    assert comparison(at)["customers"].tolist() == expected["customers"].tolist()
    assert any(c.value.startswith("Across all 3 segments (chi-square test)") for c in at.caption)
    # "All customers" holds every customer, so the segments overlap
    shared = segments.overlap(ws.con, chosen)
    assert shared > 0 and any(c.value.startswith(f"{shared:,} customers are in more than one") for c in at.caption)


def test_split_by_one_field(ws):
    at = run_page(PAGE, ws)
    at.radio(key="segments_mode").set_value("Split by one field").run()
    at.selectbox(key="segments_split").set_value("kind").run()
    chosen = segments.split_segments(ws.con, "kind")
    expected = segments.compare(ws.con, chosen)
    assert comparison(at)["segment"].tolist() == [s.name for s in chosen] == expected["segment"].tolist()
    assert comparison(at)["customers"].tolist() == expected["customers"].tolist()
    assert at.query_params["split"] == "kind" and "segments" not in at.query_params
    assert any("customers with another value (or none) are left out" in c.value for c in at.caption)


def test_a_shared_link_reopens_the_same_segments(ws):
    linked = [["Mobile", ["attrs.device=mobile"]], ["Desktop", ["attrs.device=desktop"]],
              ["Bad", ["nonsense"]]]
    at = run_with_sidebar(ws, PAGE, {"segments": json.dumps(linked), "kind": "call"})
    assert at.radio(key="segments_count").value == 3
    assert at.multiselect(key="segments_where_2").value == []      # a condition we cannot read is dropped
    chosen = [segments.segment(w, n) for n, w in linked[:2]] + [segments.segment([], "Bad")]
    expected = segments.compare(ws.con, chosen, parse_filters(["kind=call"]))
    assert comparison(at)["customers"].tolist() == expected["customers"].tolist()
    assert expected["customers"].tolist() != segments.compare(ws.con, chosen)["customers"].tolist()


def test_segments_are_compared_inside_the_sidebars_customers(ws):
    at = run_with_sidebar(ws, PAGE, {"customers": "attrs.device=mobile"})
    mobile = Filters(segment=segments.segment(["attrs.device=mobile"]))
    expected = segments.compare(ws.con, DEFAULT, mobile)
    assert comparison(at)["customers"].tolist() == expected["customers"].tolist()
    assert expected["customers"].sum() < segments.compare(ws.con, DEFAULT)["customers"].sum()
    shown = [d.value for d in at.dataframe if "path" in d.value.columns]
    wanted = [flows.top_paths(ws.con, by="channel", depth=4, top=5, collapse_repeats=True,
                              filters=segments.within(mobile, s)) for s in DEFAULT]
    assert [f["path"].tolist() for f in shown] == [w["path"].tolist() for w in wanted]
    assert [f["share"].tolist() for f in shown] == [w["share"].tolist() for w in wanted]


def test_segments_nobody_is_in_and_names_that_clash(ws):
    at = run_with_sidebar(ws, PAGE, {"segments": json.dumps([["A", ["kind=fax"]], ["B", ["channel=Telex"]]])})
    assert any("No customers are in these segments" in i.value for i in at.info)
    at = run_page(PAGE, ws)
    at.text_input(key="segments_name_1").set_value("Called us").run()
    assert any("name of its own" in e.value for e in at.error)


def test_an_empty_workspace_says_what_to_do(tmp_path):
    empty = open_ws(build(tmp_path, {}))
    at = run_page(PAGE, empty)
    assert any("No customers are in these segments" in i.value for i in at.info)
    at.radio(key="segments_mode").set_value("Split by one field").run()
    assert not at.exception and any("split by something else" in i.value for i in at.info)
    empty.con.close()


def test_typed_conditions_on_bare_names_read_plainly_and_unknown_names_say_so(ws):
    linked = [["Long calls", ["call_duration_seconds>=60"]], ["Short calls", ["call_duration_seconds<60", "kind=call"]]]
    at = run_with_sidebar(ws, PAGE, {"segments": json.dumps(linked)})
    assert at.multiselect(key="segments_where_0").options == ["Call duration seconds at least 60"]
    assert at.multiselect(key="segments_where_1").options == ["Call duration seconds under 60", "Had a call"]
    expected = segments.compare(ws.con, [segments.segment(w, n) for n, w in linked])
    assert comparison(at)["customers"].tolist() == expected["customers"].tolist()
    assert all(expected["customers"] > 0)
    linked[1] = ["Oops", ["colour=red"]]
    at = run_with_sidebar(ws, PAGE, {"segments": json.dumps(linked)})
    assert not at.exception and any(e.value.startswith('Oops: "colour" is not something to filter on') for e in at.error)


def _texts(at) -> list[str]:
    """Every piece of text the page puts on screen: markdown, captions, notes, metrics and the
    cells of its tables."""
    texts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "success")
             for e in getattr(at, kind)]
    texts += [f"{m.label} {m.value} {m.proto.delta} {m.proto.body}" for m in at.metric]
    for frame in at.dataframe:
        texts += [str(c) for c in frame.value.columns]
        texts += [str(v) for row in frame.value.astype(str).itertuples(index=False) for v in row]
    return texts


def test_an_empty_first_segment_reads_plainly_with_no_nan_anywhere(tmp_path):
    """The new user's "64.4% +nan points": a first segment nobody is in, on an upload of one's own."""
    from page_helpers import CALLS, EMAILS, WEB

    ws = open_ws(build(tmp_path, {"web.csv": WEB, "calls.csv": CALLS, "emails.csv": EMAILS}))
    linked = [["Faxed us", ["kind=fax"]], ["Called us", ["kind=call"]], ["Never called", ["kind!=call"]]]
    try:
        at = run_with_sidebar(ws, PAGE, {"segments": json.dumps(linked)})
        assert not at.exception
        expected = segments.compare(ws.con, [segments.segment(w, n) for n, w in linked])
        assert expected["customers"].tolist()[0] == 0 and expected["customers"].iloc[1:].gt(0).all()
        assert comparison(at)["customers"].tolist() == expected["customers"].tolist()
        texts = _texts(at)
        assert not [t for t in texts if "nan" in t.lower().replace("nanosecond", "")], \
            [t for t in texts if "nan" in t.lower()]
        cards_shown = cards(at)
        assert [c["Customers"] for c in cards_shown] == [f"{n:,}" for n in expected["customers"]]
        assert cards_shown[0]["Conversion rate"] == "–"
        assert all(not m.proto.delta for m in at.metric)     # no "points" against an empty segment
        said = [c.value for c in at.caption if "nothing to compare" in c.value]
        assert said == ["No customers are in Faxed us, so there is nothing to compare this segment with."] * 2
        assert any("Across the 2 segments with customers (chi-square test)" in c.value for c in at.caption)
    finally:
        ws.con.close()
