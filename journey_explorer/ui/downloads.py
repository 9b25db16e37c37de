"""Download buttons under a chart: PNG and HTML made only when clicked, plus the table as CSV."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from journey_explorer import charts
from journey_explorer.exports import safe_csv

from . import contact_details


def chart_downloads(chart, name: str, table: pd.DataFrame | None = None) -> None:
    """Buttons to save `chart` (Altair: PNG and HTML; Plotly: HTML, PNG from its camera icon)
    and, when given, the table behind it as CSV. `name` is the file name and the widget key."""
    row = st.container(horizontal=True, gap="small")
    plotly = hasattr(chart, "to_plotly_json")
    if not plotly:  # rendering a PNG takes a second: only on click
        row.download_button("PNG", lambda: charts.to_png(chart), f"{name}.png", "image/png",
                            key=f"{name}_png", icon=":material/image:", on_click="ignore")
    row.download_button("HTML", lambda: charts.to_html(chart), f"{name}.html", "text/html",
                        key=f"{name}_html", icon=":material/code:", on_click="ignore",
                        help="Opens in any browser, without the internet."
                             + (" The camera icon on the chart saves a PNG." if plotly else ""))
    if table is not None:
        # Made only when clicked: masked unless "Show contact details", no cell a spreadsheet runs.
        show_pii = contact_details.shown()
        row.download_button("CSV", lambda: safe_csv(table, show_pii=show_pii), f"{name}.csv",
                            "text/csv", key=f"{name}_csv", icon=":material/table:", on_click="ignore")
