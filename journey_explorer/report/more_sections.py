"""The report's sections for Calls, Attribution, Next step and Obstacles (see sections.py): each
reads its view with the page's settings (its defaults where none are given), draws the page's
main chart and says the page's key sentence."""
from __future__ import annotations

from ..charts import attribution as attribution_charts
from ..charts import calls as calls_charts
from ..charts import next_step as next_charts
from ..charts import obstacles as obstacle_charts
from ..views import attribution, calls, costs, flows, next_step, obstacles
from .render import Figure, Section, Table, altair_svg
from .sections import Context, nothing, settings_words

ATTRIBUTION_TOP = 12     # the Attribution page's groups drawn; the rest summed as Other
CALL_GROUPS = 15         # rows of the calls table
OBSTACLES = 5            # findings listed


def calls_section(ctx: Context) -> Section:
    s = ctx.page("calls")
    by = s.get("by") or "campaign"
    saved = costs.costs(ctx.con)
    data = calls.report(ctx.con, by, ctx.filters, saved if len(saved) else None, s.get("timezone"))
    label = calls_charts.BY_LABELS[by]
    words = settings_words([f"grouped by {label}", f"hours in {data.timezone} time"])
    if data.total_calls == 0:
        return Section("calls", "Calls", nothing(ctx, "calls"), settings=words)
    table = ctx.clean(data.by_group)
    total, answered = data.total_calls, int(table["answered"].sum())
    ranked = table.sort_values(["calls", "group"], ascending=[False, True], kind="stable")
    named = ranked[~ranked["group"].astype(str).str.startswith("(")]   # not "(no campaign)"
    sentence = f"{total:,} calls, {answered / total:.0%} of them answered"
    if by not in ("hour", "weekday") and len(named):
        sentence += f"; the {label} that brought the most was “{named['group'].iloc[0]}” ({int(named['calls'].iloc[0]):,})"
    elif len(named):
        sentence += f"; most came at {label} {named['group'].iloc[0]} ({int(named['calls'].iloc[0]):,})"
    sentence += "."
    columns = {"group": (label.capitalize(), "text"), "calls": ("Calls", "int"), "answered": ("Answered", "int"),
               "answer_rate": ("Answer rate", "pct"), "conversions": ("Conversions", "int"), "value": ("Value", "num")}
    return Section("calls", "Calls", sentence, [
        Figure(altair_svg(calls_charts.outcomes_chart(table, by)),
               f"How many calls each {label} brought, and how many of them someone answered."),
        Figure(altair_svg(calls_charts.heatmap_chart(data.heatmap, "calls")),
               f"When calls come in ({data.timezone} time): darker is more calls."),
        Figure(altair_svg(calls_charts.weekly_chart(ctx.clean(data.per_week))),
               "Calls per week (weeks start on Monday), by the channel that brought them."),
        Table(table.head(CALL_GROUPS), columns, f"The {min(len(table), CALL_GROUPS)} {label}s with the most calls."
              if len(table) > CALL_GROUPS else "")], words)


def attribution_section(ctx: Context) -> Section:
    s = ctx.page("attribution")
    models = [m for m in attribution.MODELS if m in (s.get("models") or attribution.MODELS)]
    by, measure = s.get("by") or "channel", s.get("measure") or "conversions"
    lookback, half_life = float(s.get("lookback") or 30), float(s.get("half_life") or 7)
    words = settings_words([f"credit goes to {by}s", f"lookback {lookback:g} days",
                            "models: " + ", ".join(attribution.MODEL_LABELS[m] for m in models)])
    summary = attribution.summarise(ctx.con, models, by, lookback, half_life, ctx.filters)
    if not summary.totals.conversions:
        return Section("attribution", "Attribution", nothing(ctx, "conversions"), settings=words)
    credits = ctx.clean(summary.credits)
    measure = measure if measure in credits else "conversions"
    shown = attribution.top_groups(credits, by, ATTRIBUTION_TOP)
    wide = attribution.wide(credits, by, "conversions")
    columns = {by: (by.capitalize(), "text"), **{attribution.MODEL_LABELS[m]: (attribution.MODEL_LABELS[m], "num")
                                                 for m in models if attribution.MODEL_LABELS[m] in wide}}
    return Section("attribution", "Attribution", ctx.text(summary.caption), [
        Figure(altair_svg(attribution_charts.attribution_chart(shown, by, measure)),
               f"Conversions credited to each {by} under each model: every model shares out the same "
               f"{summary.totals.conversions:,} conversions."),
        Table(wide, columns, f"Conversions per {by} under each model.")], words)


def next_step_section(ctx: Context) -> Section:
    """What customers did after a journey's start: the Next step page's choice, else after the
    most common step (technical hits left out), as the page opens."""
    s = ctx.page("next_step")
    journey = [str(step) for step in (s.get("journey") or ()) if step]
    if not journey:
        names = flows.node_counts(ctx.con, "touchpoint", ctx.filters)["node"].tolist()
        journey = [n for n in names if n not in flows.technical_in(names)][:1]
    if not journey:
        return Section("next_step", "Next step", nothing(ctx, "touchpoints"))
    prediction = ctx.clean(next_step.predict_next(ctx.con, journey, 10, ctx.filters))
    after = ctx.text(next_step.context_label(journey))
    blocks, sentence = [], f"No step was seen after {after}."
    if len(prediction):
        top = prediction.iloc[0]
        support = int(top["support"])
        sentence = (f"After {after}, customers most often went on to “{top['next']}” ({top['probability']:.0%} "
                    f"of the {support:,} times customers did {top['context']}).")
        blocks.append(Figure(altair_svg(next_charts.next_step_chart(prediction)),
                             f"After {after}: the share of the times customers did each step next. Grey: journeys "
                             "that ended there, and the rest together."))
        blocks.append(Table(prediction, {"next": ("Next step", "text"), "probability": ("Chance", "pct")}))
    return Section("next_step", "Next step", sentence, blocks, settings_words([f"after {after}"]))


def obstacles_section(ctx: Context) -> Section:
    period = ctx.page("obstacles").get("period") or "month"
    found = obstacles.obstacle_report(ctx.con, period, ctx.filters)
    findings = ctx.clean(found.findings)
    words = settings_words([f"looked for per {period}"])
    if findings.empty:
        return Section("obstacles", "Obstacles", "No obstacle stands out: no step got clearly worse in a run of "
                       f"{period}s, nor for one group of customers.", settings=words)
    top = findings.iloc[0]
    rates = found.rates[found.rates["finding"] == 0]
    blocks = [Figure(altair_svg(obstacle_charts.rate_chart(rates, top["kind"])),
                     f"The biggest obstacle, per {period}: red in the {period}s it covers, the usual rate dashed."),
              Table(findings.head(OBSTACLES), {"summary": ("What happens", "text"),
                                               "lost_customers": ("Customers it cost", "int")},
                    "Ranked by how many customers each obstacle cost.")]
    return Section("obstacles", "Obstacles", str(top["summary"]), blocks, words)


SECTIONS = [calls_section, attribution_section, next_step_section, obstacles_section]
