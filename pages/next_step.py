"""Next step: where customers are likely to go after the steps they took, and how often that guess is right."""
import streamlit as st

from journey_explorer import names as plain
from journey_explorer.charts import next_step as charts
from journey_explorer.ui import cache, grids, state
from journey_explorer.views.flows import technical_in
from journey_explorer.views.next_step import MIN_SUPPORT, accuracy_table, context_label, evaluation_sentence

ws = state.workspace()
key, filters = cache.version(ws), state.filters()
name = cache.namer(key, ws.con)
st.title("Next step")
st.caption("Build the start of a journey, step by step, and see what customers most often did next.")

nodes = cache.node_counts(key, ws.con, filters, "touchpoint")["node"].tolist()
names = [n for n in nodes if n not in technical_in(nodes)]
# Two tools' events can share a readable name ("Viewed Product", "view_item"): the raw name tells
# them apart, on the pickers and on the chart's bars alike.
label = plain.telling_apart(name, nodes)
if not names:
    st.info("No touchpoints match the filters in the sidebar." if not filters.is_empty() else
            "No touchpoints yet. Go to **Data** and drop your web, call or email exports.")
    st.stop()
c1, c2, c3 = st.columns(3)
earlier = c1.selectbox("Two steps before", names, index=None, key="next_earlier", placeholder="(optional)",
                       format_func=label)
before = c2.selectbox("The step before", names, index=None, key="next_before", placeholder="(optional)",
                      format_func=label)
last = c3.selectbox("The last step", names, key="next_last", format_func=label,
                    help="Steps are listed most common first; technical hits (session_start, …) are left out.")
if earlier and not before:
    st.caption("Pick the step before as well: the one two steps before is used only with it.")
journey = tuple(s for s in (earlier if before else None, before, last) if s)

prediction = cache.predict_next(key, ws.con, filters, journey, 10)
# The data keeps each tool's raw events; the page says them as the other pages do ("Viewed a product").
shown = prediction.assign(next=prediction["next"].map(label),
                          context=[plain.path_text(c, label) for c in prediction["context"]])
used, support = shown["context"].iloc[0], int(prediction["support"].iloc[0])
asked = plain.path_text(context_label(journey), label)
left, right = st.columns([3, 2], gap="large")
with left:
    st.altair_chart(charts.next_step_chart(shown), width="stretch")
    st.caption(f"After {asked}: the share of the times customers did each step next, from the "
               f"{support:,} times customers did {used}. Grey: journeys that ended there, and the rest together.")
    if used != asked:
        st.info(f"{asked} happened fewer than {MIN_SUPPORT} times, so this uses what followed "
                f"{used} instead.")
with right:
    st.subheader("How often is this right?")
    result = cache.evaluate_next(key, ws.con, filters)
    if not result["predictions"]:
        st.info(evaluation_sentence(result))
    else:
        m = st.columns(2)
        m[0].metric("First guess right", f"{result['top1']:.0%}",
                    f"{(result['top1'] - result['baseline_top1']) * 100:+.0f} points",
                    help="The points are against always guessing the most common next step.")
        m[1].metric("Right within three guesses", f"{result['top3']:.0%}",
                    f"{(result['top3'] - result['baseline_top3']) * 100:+.0f} points",
                    help="The points are against always guessing the three most common next steps.")
        st.altair_chart(charts.accuracy_chart(accuracy_table(result)), width="stretch")
        st.metric("Next steps tested", f"{result['predictions']:,}")
        st.caption(evaluation_sentence(result) + " The customers kept aside played no part in the counting.")
grids.show(shown, {"next": ("Next step", "text"), "probability": ("Chance", "percent"),
                   "support": ("Times seen", "count"), "context": ("Counted after", "text")},
           height=35 * (len(shown) + 1) + 3)
