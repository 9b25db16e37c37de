"""Attribution figures: the credit each group gets under each model, models side by side."""
from __future__ import annotations

import altair as alt
import pandas as pd

from ..views.attribution import MODEL_LABELS

PALETTE = ["#4c78a8", "#f58518", "#54a24b", "#eeca3b", "#b279a2", "#e45756", "#72b7b2"]
MEASURES = {"conversions": ("Conversions credited", ",.1f"), "value": ("Value credited", ",.0f"),
            "roas": ("Return on ad spend (value ÷ cost)", ",.2f")}


def attribution_chart(frame: pd.DataFrame, by: str, measure: str = "conversions") -> alt.Chart:
    """Grouped bars of credits() (model, <by>, conversions, value[, roas]): one row per group,
    one bar per model within it, groups in the frame's order (most credited first)."""
    title, number = MEASURES[measure]
    labels = [MODEL_LABELS[m] for m in dict.fromkeys(frame["model"])]
    groups = list(dict.fromkeys(frame[by]))
    data = frame.assign(model_label=frame["model"].map(MODEL_LABELS))
    colour = alt.Color("model_label:N", title="Model", sort=labels,
                       scale=alt.Scale(domain=labels, range=PALETTE[:len(labels)]),
                       legend=alt.Legend(orient="top"))
    return (alt.Chart(data, title=f"{title} per {by}, by model")
            .mark_bar()
            .encode(y=alt.Y(f"{by}:N", sort=groups, title=None),
                    yOffset=alt.YOffset("model_label:N", sort=labels),
                    x=alt.X(f"{measure}:Q", title=title),
                    color=colour,
                    tooltip=[alt.Tooltip(f"{by}:N", title=by.capitalize()),
                             alt.Tooltip("model_label:N", title="Model"),
                             alt.Tooltip("conversions:Q", title="Conversions", format=",.1f"),
                             alt.Tooltip("value:Q", title="Value", format=",.0f"),
                             *([alt.Tooltip("roas:Q", title="Return on ad spend", format=",.2f")]
                               if "roas" in frame else [])])
            # A fixed pixel height collapses inside st.altair_chart (1.67); a step per bar does not.
            .properties(height={"step": max(6, 20 - 2 * len(labels)), "for": "offset"}))
