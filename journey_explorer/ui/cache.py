"""st.cache_data wrappers: keyed by workspace and its version; connections are not hashed."""
from __future__ import annotations

import streamlit as st

from journey_explorer import db, formats, names, rules
from journey_explorer.filters import Filters
from journey_explorer.privacy import mask_pii
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
