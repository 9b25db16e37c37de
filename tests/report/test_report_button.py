"""The sidebar's report button: which page settings it hands the report, kept across pages."""
from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from journey_explorer.ui import report_button, segment_picker


def test_a_page_visited_earlier_keeps_its_settings_when_another_page_is_open():
    session = {"journeys_by": "channel", "journeys_depth": 3, "funnel_steps": ["view_item", "purchase"],
               "funnel_window": "30 days"}
    first = report_button.page_settings(session)
    assert first["journeys"] == {"by": "channel", "depth": 3}
    assert first["funnels"] == {"steps": ["view_item", "purchase"], "window": "30 days"}
    for widget in ("journeys_by", "journeys_depth", "funnel_steps", "funnel_window"):
        del session[widget]   # Streamlit drops a page's widget values on another page
    session["growth_by"] = "kind"
    later = report_button.page_settings(session)
    assert later["journeys"] == {"by": "channel", "depth": 3} and later["funnels"] == first["funnels"]
    assert later["growth"] == {"by": "kind"}


def test_growth_periods_count_only_for_the_period_they_were_chosen_in():
    start, end = pd.Timestamp("2023-01-01"), pd.Timestamp("2025-01-01")
    session = {"growth_period": "year", "growth_from_year": start, "growth_to_year": end}
    assert report_button.page_settings(session)["growth"] == {"period": "year", "from": start, "to": end}
    del session["growth_from_year"], session["growth_to_year"]
    assert report_button.page_settings(session)["growth"] == {"period": "year", "from": start, "to": end}
    session["growth_period"] = "month"
    assert report_button.page_settings(session)["growth"] == {"period": "month"}


def test_segments_as_the_segments_page_keeps_them():
    defs = [["Mobile", ["attrs.device=mobile"]], ["Desktop", ["attrs.device=desktop"]], ["Tablet", []]]
    session = {"segments_defs": defs, "segments_count_kept": 2}
    assert report_button.page_settings(session)["segments"] == {"segments": defs[:2]}
    session |= {"segments_mode_kept": segment_picker.MODES[1], "segments_split_kept": "channel"}
    assert report_button.page_settings(session)["segments"] == {"split": "channel"}
    assert report_button.page_settings({})["segments"] == {}   # never opened: the report's default


BUTTON = """
import streamlit as st
from journey_explorer.ui import report_button
with st.sidebar:
    report_button.render()
"""


def test_the_button_is_drawn_without_building_the_report(demo_ws, monkeypatch):
    built = []
    monkeypatch.setattr(report_button, "build_report", lambda *a, **k: built.append(a) or "")
    from journey_explorer.ui.state import Workspace

    at = AppTest.from_string(BUTTON, default_timeout=60)
    at.session_state["workspace"] = Workspace("test", "Test", True, demo_ws)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    buttons = at.sidebar.get("download_button")
    assert [b.proto.label for b in buttons] == ["Download report"]
    assert built == []   # made only when clicked
