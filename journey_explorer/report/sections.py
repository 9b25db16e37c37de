"""The report's sections for the Overview, Journeys, Funnels, Segments and Growth pages.

Each takes a Context (the connection, the filters, the page settings) and returns a Section:
the key sentence the page says, its charts as SVG and the numbers behind them, read from the
same view functions the pages, the CLI export and the tests call. A new view adds one function
and one line in build.SECTIONS. Settings are per page, as the app keeps them (see report_button):
{"journeys": {"by": "channel", "depth": 5}, "funnels": {"steps": [...]}, ...}; anything left out
is the page's own default.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from .. import charts, db
from ..filters import Filters
from ..model import STAGES, TECHNICAL_EVENTS
from ..privacy import mask_pii
from ..views import flows, funnels, growth, overview, segments
from . import sentences
from .render import Figure, Section, Table, altair_svg
from .sankey_svg import sankey_svg

# The Segments page's opening comparison (ui/segment_picker.DEFAULT): the demo's story.
DEFAULT_SEGMENTS = [["Called us", ["kind=call"]], ["Never called", ["kind!=call"]]]
FUNNEL_WINDOW = 7 * 86400            # the Funnels page's default, "7 days"
FUNNEL_STEPS = 4                     # the default funnel: the last 4 steps into a first conversion
STAGE_WINDOW = 90 * 86400            # the Segments page's stage funnels
JOURNEY_PATHS = 10


@dataclass
class Context:
    con: object
    filters: Filters
    settings: dict = field(default_factory=dict)
    show_pii: bool = False
    _overview: object = None

    def page(self, name: str) -> dict:
        return dict(self.settings.get(name) or {})

    def text(self, value):
        return value if self.show_pii else mask_pii(value)

    def clean(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The frame with emails and phone numbers masked in its text columns (unless show_pii),
        before anything is drawn or written from it."""
        if self.show_pii:
            return frame
        texts = [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]
        return frame.assign(**{c: frame[c].map(mask_pii) for c in texts})

    def overview(self):
        if self._overview is None:
            self._overview = overview.overview(self.con, self.filters)
        return self._overview


# ---------------------------------------------------------------- overview

def overview_section(ctx: Context) -> Section:
    data = ctx.overview()
    by_kind, by_channel, by_month = ctx.clean(data.by_kind), ctx.clean(data.by_channel), ctx.clean(data.by_month)
    return Section("overview", "Overview", sentences.overview_sentence(data.totals, by_kind, by_channel), [
        Figure(altair_svg(charts.bar_chart(by_kind, "kind", "touchpoints", "Touchpoints by kind")),
               "How many interactions each kind of export contributes."),
        Figure(altair_svg(charts.bar_chart(by_channel, "channel", "touchpoints", "Touchpoints by channel")),
               "Channels are grouped by the workspace's rules (like Google Analytics' channel groups)."),
        Figure(altair_svg(charts.monthly_area_chart(by_month).properties(height=260)),
               "Interactions per month, stacked by kind: growth and seasonality at a glance."),
        Table(ctx.clean(data.kind_mix), {"kinds": ("Seen in", "text"), "customers": ("Customers", "int")},
              "Customers stitched across web, calls and emails by shared ids, emails or phone numbers.")])


# ---------------------------------------------------------------- journeys

def journey_options(ctx: Context) -> dict:
    """The Journeys page's choices (its defaults where the settings say nothing)."""
    s = ctx.page("journeys")
    by, depth = s.get("by") or "touchpoint", int(s.get("depth") or 5)
    groups = s.get("groups", flows.DEFAULT_GROUPS)
    groups = flows.parse_groups(groups) if isinstance(groups, str) else tuple(tuple(g) for g in groups)
    if "exclude" in s:
        exclude = tuple(s["exclude"] or ())
    else:   # the page leaves out the technical hits the data has
        exclude = flows.technical_in(flows.node_counts(ctx.con, by, ctx.filters, groups)["node"])
    return {"by": by, "depth": depth, "collapse_repeats": bool(s.get("collapse_repeats")), "exclude": exclude,
            "groups": groups}


def journeys_section(ctx: Context) -> Section:
    s, options = ctx.page("journeys"), journey_options(ctx)
    top = flows.readable_top(int(s.get("top") or 8), options["depth"])
    links = flows.sankey_links(ctx.con, top=top, start=s.get("start"), end=s.get("end"), filters=ctx.filters,
                               **options)
    paths = ctx.clean(flows.top_paths(ctx.con, top=JOURNEY_PATHS, filters=ctx.filters, **options))
    blocks = []
    if len(links):
        starters = int(links.loc[links["step"] == 1, "customers"].sum())
        blocks.append(Figure(sankey_svg(ctx.clean(links), starters),
                             f"{starters:,} customers, step by step: each band is customers moving from one "
                             f"{options['by']} to the next; grey “(left)” is where journeys ended. Hover a band "
                             "for its numbers."))
    blocks.append(Table(paths, {"path": ("Journey", "text"), "customers": ("Customers", "int"),
                                "share": ("Share of customers", "pct"), "conversions": ("Converted", "int"),
                                "conversion_rate": ("Conversion rate", "pct")},
                        "The first steps of each journey, how many customers took it and how many of them "
                        "converted."))
    words = [f"steps shown as {options['by']}s", f"{options['depth']} steps", f"the {top} most common per step"]
    words += [f"starting at “{ctx.text(s['start'])}”"] if s.get("start") else []
    words += [f"ending at “{ctx.text(s['end'])}”"] if s.get("end") else []
    words += ["repeats merged"] if options["collapse_repeats"] else []
    words += [f"left out: {', '.join(map(ctx.text, options['exclude']))}"] if options["exclude"] else []
    return Section("journeys", "Journeys", sentences.journeys_sentence(paths), blocks, settings_words(words))


# ---------------------------------------------------------------- funnels

def window_seconds(value) -> int:
    """The Funnels page's "7 days" / "1 hour", the CLI's "7d", or seconds."""
    if isinstance(value, (int, float)):
        return int(value)
    words = re.fullmatch(r"\s*(\d+)\s*(hour|day)s?\s*", str(value))
    if words:
        return int(words[1]) * (3600 if words[2] == "hour" else 86400)
    return funnels.parse_window(value)


def window_words(seconds: int) -> str:
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            n = seconds // size
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return f"{seconds} seconds"


def conversion_path(ctx: Context, by: str) -> list[str]:
    """The most common last steps into a first conversion (technical hits left out): the funnel
    the report shows when none was chosen."""
    technical = TECHNICAL_EVENTS if by == "touchpoint" else ()
    flows.register_sequence(ctx.con, by, ctx.filters, exclude=technical)
    found = db.rows(ctx.con, "report/conversion_path", steps=FUNNEL_STEPS)
    return list(found[0][0]) if found else []


def funnels_section(ctx: Context) -> Section:
    s = ctx.page("funnels")
    by, seconds = s.get("by") or "touchpoint", window_seconds(s.get("window") or FUNNEL_WINDOW)
    steps = list(s.get("steps") or ())
    chosen = len(steps) >= 2
    steps = steps if chosen else conversion_path(ctx, by)
    words = [f"steps are {by}s", f"within {window_words(seconds)}",
             "steps chosen on the Funnels page" if chosen else "steps: the most common way into a first conversion"]
    if len(steps) < 2:
        return Section("funnels", "Funnels", "No customer converted after two or more steps, so there is no "
                       "funnel to show.", settings=settings_words(words))
    result = ctx.clean(funnels.funnel(ctx.con, steps, seconds, by, ctx.filters))
    blocks = [Figure(altair_svg(charts.funnel_chart(result)),
                     "Customers who took these steps in this order; the percentage is of those at step 1."),
              Table(result, {"step": ("Step", "int"), "name": ("Name", "text"), "customers": ("Customers", "int"),
                             "conversion_from_start": ("From step 1", "pct"),
                             "conversion_from_previous": ("From the step before", "pct"),
                             "median_seconds_from_previous": ("Median time from the step before", "duration")})]
    return Section("funnels", "Funnels", sentences.funnel_sentence(result, window_words(seconds)), blocks,
                   settings_words(words))


# ---------------------------------------------------------------- segments

def chosen_segments(ctx: Context) -> list:
    s = ctx.page("segments")
    if s.get("split"):
        return segments.split_segments(ctx.con, s["split"], ctx.filters)
    return [segments.segment(where, ctx.text(name)) for name, where in (s.get("segments") or DEFAULT_SEGMENTS)]


def segments_section(ctx: Context) -> Section:
    chosen = chosen_segments(ctx)
    result = segments.compare(ctx.con, chosen, ctx.filters)
    first = result.iloc[0]
    verdicts = [segments.verdict(r.p_value, (first.conversions, first.customers), (r.conversions, r.customers))
                for r in result.iloc[1:].itertuples()]
    blocks = [Table(result, {"segment": ("Segment", "text"), "customers": ("Customers", "int"),
                             "conversions": ("Converted", "int"), "conversion_rate": ("Conversion rate", "pct"),
                             "touchpoints_per_customer": ("Touchpoints per customer", "num"),
                             "median_days_to_convert": ("Median time to convert", "days"),
                             "value_per_customer": ("Value per customer", "num")},
                    "Conversion rate: the share of a segment's customers who converted. Each segment is tested "
                    f"against the first (two-proportion z-test); below p = {segments.SIGNIFICANCE} we call it "
                    "likely a real difference.")]
    names = [s.name for s in chosen]
    stages = [s for s in STAGES if s in set(flows.node_counts(ctx.con, "stage", ctx.filters)["node"])]
    if len(stages) >= 2:
        stage_funnels = pd.concat([funnels.funnel(ctx.con, stages, STAGE_WINDOW, "stage",
                                                  segments.within(ctx.filters, s)).assign(segment=s.name)
                                   for s in chosen])
        blocks.append(Figure(altair_svg(charts.segment_funnel_chart(stage_funnels, names)),
                             f"Of each segment's customers who reached “{stages[0]}”, the share who went on "
                             "through each stage in this order within 90 days."))
    diverging = ctx.clean(segments.diverging_steps(ctx.con, chosen, "touchpoint", ctx.filters,
                                                   exclude=TECHNICAL_EVENTS))
    if len(diverging):
        blocks.append(Figure(altair_svg(charts.diverging_steps_chart(diverging, names)),
                             f"The {diverging['step'].nunique()} steps whose share of customers differs most "
                             "between the segments: each dot is the share of a segment's customers who ever had "
                             "that step."))
    how = f"split by their first touchpoint's {ctx.page('segments')['split']}" if ctx.page("segments").get("split") \
        else "; ".join(f"{s.name}: " + (", ".join(segments.describe(c) for c in s.where) or "everyone")
                       for s in chosen)
    return Section("segments", "Segments", sentences.segments_sentence(result, verdicts), blocks,
                   settings_words([how]))


# ---------------------------------------------------------------- growth

def growth_comparison(ctx: Context, shown: pd.DataFrame, by: str, period: str):
    """The two periods the sentence compares: the page's choice, else the first and last
    complete year when the data has two (a month against a month mixes in the season), else
    the page's default periods. Returns (frame, period, start, end) or None."""
    s = ctx.page("growth")
    if s.get("from") and s.get("to"):
        return shown, period, pd.Timestamp(s["from"]), pd.Timestamp(s["to"])
    yearly = charts.with_group_labels(ctx.clean(growth.growth(ctx.con, by, "year", ctx.filters)), by)
    if yearly.loc[yearly["complete"].astype(bool), "period"].nunique() >= 2:
        return (yearly, "year", *growth.default_periods(yearly))
    chosen = growth.default_periods(shown)
    return (shown, period, *chosen) if chosen else None


def growth_section(ctx: Context) -> Section:
    s = ctx.page("growth")
    by, period = s.get("by") or "channel", s.get("period") or "month"
    measure, stacked = s.get("measure") or "interactions", bool(s.get("stacked", True))
    frame = growth.growth(ctx.con, by, period, ctx.filters)
    words = [f"grouped by {by}", f"per {period}"]
    if frame.empty:
        return Section("growth", "Growth", nothing(ctx, "touchpoints"), settings=settings_words(words))
    shown, legend = charts.with_group_labels(ctx.clean(frame), by), by.capitalize()
    blocks = [Figure(altair_svg(charts.growth_chart(shown, period, measure, stacked, legend)),
                     f"{'Customers with at least one interaction' if measure == 'customers' else 'Interactions'} "
                     f"per {period} and {by}. Lighter bars: periods the data covers only in part."),
              Figure(altair_svg(charts.index_chart(shown, period, legend).properties(height=240)),
                     f"Each {by}'s interactions against its first complete {period} (= 100): the steepest line "
                     "grew fastest, whatever its size."),
              Figure(altair_svg(charts.conversions_chart(shown, period, legend).properties(height=240)),
                     f"Each {by}'s part of the conversions per {period}: the biggest band is the main conversion "
                     "source.")]
    compared = growth_comparison(ctx, shown, by, period)
    if compared is None:
        return Section("growth", "Growth", "The data covers one period only: nothing to compare.", blocks,
                       settings_words(words))
    table, cmp_period, start, end = compared
    result = growth.growth_multiple(table, start, end)

    def label(day) -> str:
        return growth.period_label(day, cmp_period)

    blocks.append(Table(result.by_group, {"group": (legend, "text"), "start": (label(start), "int"),
                                          "end": (label(end), "int"), "multiple": ("Growth multiple", "multiple")},
                        f"Interactions per {by} in {label(start)} and {label(end)}."))
    return Section("growth", "Growth", sentences.growth_sentence(result, label), blocks,
                   settings_words(words + [f"compared: {label(start)} with {label(end)}"]))


def nothing(ctx: Context, what: str) -> str:
    """"No calls match the filters." or, with none at all, "There are no calls in this workspace." """
    return f"No {what} match the filters." if not ctx.filters.is_empty() else f"There are no {what} in this workspace."


def settings_words(words) -> str:
    """The view settings a section was made with, in words."""
    return "View: " + " · ".join(words) + "." if words else ""

