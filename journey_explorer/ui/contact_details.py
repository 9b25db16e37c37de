"""The sidebar's "Show contact details" box: emails and phone numbers stay masked until ticked.

Views return the data as it is (filters and pickers need the real values); what a page draws or
offers for download goes through masked() on its way out, once per result (see cache.py).
"""
from __future__ import annotations

import functools

import streamlit as st

from journey_explorer.privacy import mask_output

KEY = "show_pii"


def checkbox() -> None:
    st.checkbox("Show contact details", key=KEY,
                help="Emails and phone numbers are masked (***@example.com, ***) in every chart, table "
                     "and download unless this is ticked. Ticking it applies to this browser tab only.")


def shown() -> bool:
    return bool(st.session_state.get(KEY, False))


def masked(result):
    """A view's result as this session may see it."""
    return result if shown() else mask_output(result)


def masking(view):
    """Decorator for a cached view wrapper: the cache keeps the real result, each call hands out
    the masked one (masking looks at distinct values only: cheap next to the view)."""
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        return masked(view(*args, **kwargs))
    return wrapper
