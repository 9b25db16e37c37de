"""Attribution: which channels, sources, campaigns or keywords get the credit for conversions."""
import streamlit as st

from journey_explorer.charts.attribution import MEASURES, attribution_chart
from journey_explorer.ui import downloads, state
from journey_explorer.views.attribution import GROUPINGS, MODEL_LABELS, MODELS, OTHER, summarise, top_groups, wide

TOP = 12  # groups drawn; the rest are summed into Other
ws, filters = state.workspace(), state.filters()
st.title("Attribution")

picked = st.pills("Models", MODELS, selection_mode="multi", default=list(MODELS), key="attribution_models",
                  format_func=MODEL_LABELS.get, help="Each model shares out every conversion among the touches "
                  "before it in its own way; pick the ones to compare.")
models = [m for m in MODELS if m in picked]  # side by side in one order, whatever the order of clicks
c1, c2, c3, c4 = st.columns([2, 1.4, 1.4, 3])
by = c1.selectbox("Credit goes to", GROUPINGS, key="attribution_by", format_func=str.capitalize)
lookback = c2.number_input("Lookback (days)", min_value=1, max_value=365, value=30, key="attribution_lookback",
                           help="Touches up to this many days before a conversion share its credit.")
half_life = c3.number_input("Half-life (days)", min_value=0.5, max_value=90.0, value=7.0, step=0.5,
                            key="attribution_half_life", disabled="time_decay" not in models,
                            help="Time decay: a touch this many days older than another gets half its credit.")
if not models:
    st.info("Pick at least one model to see who gets the credit.")
    st.stop()

summary = summarise(ws.con, models, by, float(lookback), float(half_life), filters)
if not summary.totals.conversions:
    st.info("No conversions match the filters in the sidebar." if not filters.is_empty() else
            "No conversions yet. Go to **Data** and drop your web, call or email exports.")
    st.stop()

measures = [m for m in MEASURES if m in summary.credits]
measure = c4.segmented_control("Show", measures, default="conversions", key="attribution_measure",
                               format_func={"conversions": "Conversions", "value": "Value",
                                            "roas": "Return on ad spend"}.get) or "conversions"
shown = top_groups(summary.credits, by, TOP)
note = f" The {TOP} {by}s with the most credit are shown; the rest are summed as {OTHER}." if len(shown) < len(
    summary.credits) else ""
chart = attribution_chart(shown, by, measure)
st.altair_chart(chart, width="stretch")
st.caption(summary.caption + note)
downloads.chart_downloads(chart, "attribution", summary.credits)

number = "%.2f" if measure == "roas" else "%.1f" if measure == "conversions" else "localized"
st.dataframe(wide(summary.credits, by, measure), hide_index=True, width="stretch", column_config={
    by: st.column_config.TextColumn(by.capitalize()),
    **{MODEL_LABELS[m]: st.column_config.NumberColumn(MODEL_LABELS[m], format=number) for m in models}})
st.caption(f"{MEASURES[measure][0]} per {by} under each model. Every model shares out the same "
           f"{summary.totals.conversions:,} conversions, worth {summary.totals.value:,.0f} in total.")
