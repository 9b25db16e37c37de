"""st.cache_data wrappers: keyed by workspace and its version; connections are not hashed."""
from __future__ import annotations

import streamlit as st

from journey_explorer import db, views
from journey_explorer.filters import Filters


def version(ws) -> tuple:
    return (ws.key, db.version(ws.con))


@st.cache_data(max_entries=64, show_spinner=False)
def overview(key: tuple, _con, filters: Filters):
    return views.overview(_con, filters)


@st.cache_data(max_entries=64, show_spinner=False)
def filter_choices(key: tuple, _con) -> dict:
    return views.filter_choices(_con)
