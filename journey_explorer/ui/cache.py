"""st.cache_data wrappers: keyed by workspace and its version; connections are not hashed."""
from __future__ import annotations

import streamlit as st

from journey_explorer import db
from journey_explorer.filters import Filters
from journey_explorer.views import flows, funnels, segments, tables
from journey_explorer.views import growth as growth_view
from journey_explorer.views import overview as overview_view


def version(ws) -> tuple:
    return (ws.key, db.version(ws.con))


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


@st.cache_data(max_entries=64, show_spinner=False)
def funnel(key: tuple, _con, filters: Filters, steps: tuple, window_seconds: int, by: str):
    return funnels.funnel(_con, list(steps), window_seconds, by, filters)


@st.cache_data(max_entries=32, show_spinner=False)
def customers_at(key: tuple, _con, filters: Filters, node: str, **options):
    return flows.customers_at(_con, node, filters=filters, **options)


@st.cache_data(max_entries=32, show_spinner=False)
def dropoffs_next(key: tuple, _con, filters: Filters, steps: tuple, step: int, window_seconds: int, by: str):
    return funnels.dropoffs_next(_con, list(steps), step, window_seconds, by, filters)


@st.cache_data(max_entries=32, show_spinner=False)
def time_to_convert(key: tuple, _con, filters: Filters, steps: tuple, window_seconds: int, by: str):
    return funnels.time_to_convert(_con, list(steps), window_seconds, by, filters)


@st.cache_data(max_entries=64, show_spinner=False)
def growth(key: tuple, _con, filters: Filters, by: str, period: str):
    return growth_view.growth(_con, by, period, filters)


@st.cache_data(max_entries=64, show_spinner=False)
def compare_segments(key: tuple, _con, filters: Filters, chosen: tuple):
    return segments.compare(_con, list(chosen), filters)


@st.cache_data(max_entries=64, show_spinner=False)
def segment_overlap(key: tuple, _con, filters: Filters, chosen: tuple) -> int:
    return segments.overlap(_con, list(chosen), filters)


@st.cache_data(max_entries=32, show_spinner=False)
def diverging_steps(key: tuple, _con, filters: Filters, chosen: tuple, by: str, exclude: tuple = ()):
    return segments.diverging_steps(_con, list(chosen), by, filters, exclude=exclude)


@st.cache_data(max_entries=64, show_spinner=False)
def split_segments(key: tuple, _con, filters: Filters, by: str) -> tuple:
    return tuple(segments.split_segments(_con, by, filters))


@st.cache_data(max_entries=64, show_spinner=False)
def field_values(key: tuple, _con, field: str) -> list[str]:
    return segments.field_values(_con, field)
