"""One download button for a page's table as CSV, the way every download leaves the app."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from journey_explorer import names
from journey_explorer.exports import safe_csv

from . import contact_details


def csv_button(label: str, frame: pd.DataFrame, file_name: str, key: str,
               name: Callable[[str], str] | None = None, columns=None) -> None:
    """The table as CSV: with `name`, each step column gets its plain name beside it
    (names.with_plain_names); emails and phone numbers masked unless "Show contact details" is
    ticked; no cell a spreadsheet would run as a formula. Made only when clicked, without a rerun."""
    show_pii = contact_details.shown()

    def data() -> str:
        table = frame if name is None else names.with_plain_names(frame, name, columns)
        return safe_csv(table, show_pii=show_pii)
    st.download_button(label, data, file_name, "text/csv", key=key, on_click="ignore", icon=":material/table:")
