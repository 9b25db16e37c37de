"""The one-click stakeholder report: build_report(con, filters, settings) → one HTML file that
opens offline. It sits above views and charts (it may import them); it never imports streamlit.
"""
from .build import SECTIONS, build_report, describe_filters

__all__ = ["SECTIONS", "build_report", "describe_filters"]
