"""st.cache_data wrappers: keyed by workspace and its version; connections are not hashed."""
from __future__ import annotations

import streamlit as st

from journey_explorer import charts, db, formats, names, rules
from journey_explorer.filters import Filters
from journey_explorer.privacy import mask_output, mask_pii
from journey_explorer.views import flows, funnels, next_step, segments, tables
from journey_explorer.views import growth as growth_view
from journey_explorer.views import obstacles as obstacles_view
from journey_explorer.views import overview as overview_view

from . import contact_details


def version(ws) -> tuple:
    return (ws.key, db.version(ws.con))


@contact_details.masking
@st.cache_data(max_entries=64, show_spinner=False)
def overview(key: tuple, _con, filters: Filters):
    return overview_view.overview(_con, filters)


@st.cache_data(max_entries=64, show_spinner=False)
def filter_choices(key: tuple, _con) -> dict:
    return tables.filter_choices(_con) | {"attributes": tables.attribute_names(_con)}


@st.cache_data(max_entries=64, show_spinner=False)
def attribute_values(key: tuple, _con, name: str) -> list[str]:
    return tables.attribute_values(_con, name)


@st.cache_data(max_entries=64, show_spinner=False)
def sankey_links(key: tuple, _con, filters: Filters, **options):
    return flows.sankey_links(_con, filters=filters, **options)


@st.cache_data(max_entries=64, show_spinner=False)
def top_paths(key: tuple, _con, filters: Filters, **options):
    return flows.top_paths(_con, filters=filters, **options)


@st.cache_data(max_entries=64, show_spinner=False)
def node_counts(key: tuple, _con, filters: Filters, by: str, groups: tuple = ()):
    return flows.node_counts(_con, by, filters, groups)


@contact_details.masking
@st.cache_data(max_entries=64, show_spinner=False)
def funnel(key: tuple, _con, filters: Filters, steps: tuple, window_seconds: int, by: str):
    return funnels.funnel(_con, list(steps), window_seconds, by, filters)


@contact_details.masking
@st.cache_data(max_entries=32, show_spinner=False)
def customers_at(key: tuple, _con, filters: Filters, node: str, **options):
    return flows.customers_at(_con, node, filters=filters, **options)


@contact_details.masking
@st.cache_data(max_entries=32, show_spinner=False)
def dropoffs_next(key: tuple, _con, filters: Filters, steps: tuple, step: int, window_seconds: int, by: str):
    return funnels.dropoffs_next(_con, list(steps), step, window_seconds, by, filters)


@contact_details.masking
@st.cache_data(max_entries=32, show_spinner=False)
def time_to_convert(key: tuple, _con, filters: Filters, steps: tuple, window_seconds: int, by: str):
    return funnels.time_to_convert(_con, list(steps), window_seconds, by, filters)


@contact_details.masking
@st.cache_data(max_entries=64, show_spinner=False)
def growth(key: tuple, _con, filters: Filters, by: str, period: str):
    return growth_view.growth(_con, by, period, filters)


# The Growth charts, built once per choice: per day that is 1,000 periods × 9 groups worked into
# stacks, and a redraw of a choice seen before only sends them. show_pii is part of the key, as
# the charts are drawn from the masked (or not) numbers.
def _growth_frame(_con, filters: Filters, by: str, period: str, show_pii: bool):
    frame = growth_view.growth(_con, by, period, filters)
    return charts.with_group_labels(frame if show_pii else mask_output(frame), by)


@st.cache_data(max_entries=32, show_spinner=False)
def growth_chart(key: tuple, _con, filters: Filters, by: str, period: str, measure: str, stacked: bool,
                 show_pii: bool):
    return charts.growth_chart(_growth_frame(_con, filters, by, period, show_pii), period, measure, stacked,
                               by.capitalize())


@st.cache_data(max_entries=32, show_spinner=False)
def growth_side_charts(key: tuple, _con, filters: Filters, by: str, drawn: str, show_pii: bool) -> dict:
    """share, index and conversions charts per `drawn` period."""
    side, legend = _growth_frame(_con, filters, by, drawn, show_pii), by.capitalize()
    return {"share": charts.share_chart(side, drawn, legend), "index": charts.index_chart(side, drawn, legend),
            "conversions": charts.conversions_chart(side, drawn, legend)}


@st.cache_data(max_entries=32, show_spinner=False)
def growth_heatmap(key: tuple, _con, filters: Filters, by: str, drawn: str, compared_with: str, show_pii: bool):
    """(chart or None when nothing is fair to compare, the rates behind it)."""
    rates = growth_view.growth_rates(_growth_frame(_con, filters, by, drawn, show_pii), drawn, compared_with)
    chart = charts.growth_heatmap(rates, drawn, f"Growth % per {drawn}") if rates["like_for_like"].any() else None
    return chart, rates


@contact_details.masking
@st.cache_data(max_entries=64, show_spinner=False)
def compare_segments(key: tuple, _con, filters: Filters, chosen: tuple):
    return segments.compare(_con, list(chosen), filters)


@st.cache_data(max_entries=64, show_spinner=False)
def segment_overlap(key: tuple, _con, filters: Filters, chosen: tuple) -> int:
    return segments.overlap(_con, list(chosen), filters)


@contact_details.masking
@st.cache_data(max_entries=32, show_spinner=False)
def diverging_steps(key: tuple, _con, filters: Filters, chosen: tuple, by: str, exclude: tuple = ()):
    return segments.diverging_steps(_con, list(chosen), by, filters, exclude=exclude)


@st.cache_data(max_entries=64, show_spinner=False)
def split_segments(key: tuple, _con, filters: Filters, by: str) -> tuple:
    return tuple(segments.split_segments(_con, by, filters))


@st.cache_data(max_entries=64, show_spinner=False)
def field_values(key: tuple, _con, field: str) -> list[str]:
    return segments.field_values(_con, field)


# ------------------------------------------------- plain names, colours and defaults (issue 15)
@st.cache_data(max_entries=64, show_spinner=False)
def settings(key: tuple, _con) -> dict:
    return rules.settings(_con)


def namer(key: tuple, con):
    """node → its plain name, with the workspace's page-name rules; contact details in it masked
    unless the sidebar's "Show contact details" is ticked."""
    plain = names.namer(names.page_rules(settings(key, con)))
    return plain if contact_details.shown() else (lambda node: mask_pii(plain(node)))


def currency(key: tuple, con) -> str:
    return formats.currency_of(settings(key, con))


@st.cache_data(max_entries=64, show_spinner=False)
def node_kinds(key: tuple, _con, groups: tuple = ()) -> dict:
    return dict(flows.node_kinds(_con, groups).itertuples(index=False))


@st.cache_data(max_entries=64, show_spinner=False)
def default_funnel(key: tuple, _con, filters: Filters, by: str) -> list[str]:
    return funnels.default_steps(_con, by, filters)


@st.cache_data(max_entries=64, show_spinner=False)
def fitting_period(key: tuple, _con, filters: Filters) -> str:
    return growth_view.fitting_period(*growth_view.coverage(_con, filters))


@st.cache_data(max_entries=64, show_spinner=False)
def chart_period(key: tuple, _con, filters: Filters, period: str) -> str:
    return growth_view.chart_period(period, *growth_view.coverage(_con, filters))


@st.cache_data(max_entries=64, show_spinner=False)
def predict_next(key: tuple, _con, filters: Filters, after: tuple, top: int | None = None):
    return next_step.predict_next(_con, list(after), top, filters)


@st.cache_data(max_entries=16, show_spinner="Testing the predictions on customers kept aside…")
def evaluate_next(key: tuple, _con, filters: Filters) -> dict:
    return next_step.evaluate_next(_con, filters)


@st.cache_data(max_entries=32, show_spinner=False)
def next_after(key: tuple, _con, filters: Filters, node: str, **options):
    return next_step.count_next_after(_con, node, filters=filters, **options)


@st.cache_data(max_entries=16, show_spinner="Looking for obstacles…")
def obstacle_report(key: tuple, _con, filters: Filters, period: str):
    return obstacles_view.obstacle_report(_con, period, filters)


@st.cache_data(max_entries=32, show_spinner=False)
def split_choices(key: tuple, _con) -> list[str]:
    return segments.split_choices(_con)
