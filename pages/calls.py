"""Calls: which campaigns, sources, keywords and pages bring calls, when they get answered, what
callers did before and after, and what the calls cost."""
import streamlit as st

from journey_explorer import formats
from journey_explorer import names as plain
from journey_explorer.charts import calls as charts
from journey_explorer.charts.calls import BY_LABELS
from journey_explorer.ui import calls_widgets as widgets
from journey_explorer.ui import cache, state
from journey_explorer.views import calls as calls_view

ws, filters = state.workspace(), state.filters()
st.title("Calls")
c1, c2 = st.columns(2)
by = c1.selectbox("Group by", calls_view.GROUPINGS, key="calls_by", format_func=lambda b: BY_LABELS[b].capitalize())
timezone = widgets.timezone_picker(ws, c2)
data = widgets.report(ws, by, filters, widgets.current_costs(ws), timezone)
table = data.by_group
if data.total_calls == 0:
    st.info("No calls match the filters in the sidebar." if not filters.is_empty() else
            "No calls yet. Go to **Data** and drop your call-tracking export (a call log).")
    st.stop()

calls, answered = data.total_calls, int(table["answered"].sum())
currency = cache.currency(cache.version(ws), ws.con)
m = st.columns(5)
m[0].metric("Calls", f"{calls:,}")
m[1].metric("Answered", formats.percent(answered / calls))
m[2].metric("First-time calls", f"{int(data.caller_types.set_index('caller')['calls'].get('First-time', 0)):,}")
m[3].metric("Value from calls", formats.money(table["value"].sum(), currency, 0))
if "cost" in table and table["cost"].sum() > 0:
    m[4].metric("Cost per call", formats.money(table["cost"].sum() / calls, currency))

st.altair_chart(charts.outcomes_chart(table, by), width="stretch")
st.caption(f"How many calls each {BY_LABELS[by]} brought, and how many of them someone answered."
           + ("" if by in ("hour", "weekday") or len(table) <= charts.TOP_GROUPS
              else f" The {charts.TOP_GROUPS} with the most calls are drawn; the table has them all."))
hidden = [c for c in ("voicemail", "abandoned") if table[c].sum() == 0]
widgets.show_table(table.drop(columns=hidden), by, currency)
st.caption("Click a column header to sort. Conversions are the calls your conversion rules count "
           "(by default an answered first-time call)." + (" Value ÷ cost above 1 means the calls brought "
                                                          "in more than they cost." if "roi" in table else ""))

left, right = st.columns(2)
left.altair_chart(charts.heatmap_chart(data.heatmap, "calls"), width="stretch")
left.caption(f"When calls come in ({data.timezone} time): darker is more calls.")
right.altair_chart(charts.heatmap_chart(data.heatmap, "answer_rate"), width="stretch")
right.caption("How many of them were answered: red hours are calls going unanswered, often outside "
              "opening hours. Grey: no calls.")

left, right = st.columns(2)
left.altair_chart(charts.caller_types_chart(data.caller_types), width="stretch")
left.caption("Calls from people calling for the first time, against calls from people who called before.")
right.altair_chart(charts.durations_chart(data.durations), width="stretch")
right.caption("Length of the answered calls: very short ones rarely lead anywhere.")

st.altair_chart(charts.weekly_chart(data.per_week), width="stretch")
st.caption("Calls per week (weeks start on Monday), by the channel that brought them. A call without "
           "a source is Phone.")

st.subheader("Before the call")
name = cache.namer(cache.version(ws), ws.con)   # steps said as on the other pages ("Lead form sent")
st.altair_chart(charts.journeys_chart(data.journeys_before.assign(
    path=[plain.path_text(p, name, " → ") for p in data.journeys_before["path"]])), width="stretch")
st.caption("The last three things callers did on the website in the week before they called, most common first.")
left, right = st.columns(2)
left.altair_chart(charts.last_touchpoint_chart(data.last_touchpoints.assign(
    touchpoint=data.last_touchpoints["touchpoint"].map(name))), width="stretch")
left.caption("The last page or action on the website before each call.")
right.altair_chart(charts.time_before_chart(data.time_before), width="stretch")
right.caption("How long before the call that last website visit was.")
emailed = data.after_email.set_index("campaign")["callers"].get("All email", 0)
st.altair_chart(charts.after_email_chart(data.after_email), width="stretch")
st.caption(f"{emailed:,} customers called within a week after opening or clicking an email; these are the "
           "campaigns behind those emails.")

st.subheader("After the call")
st.altair_chart(charts.after_chart(data.after), width="stretch")
st.caption("Within 30 days of a call. A call can be followed by several of these, so the bars add up to more than 100%.")

widgets.cost_editor(ws)
