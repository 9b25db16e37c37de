"""The stakeholder report on a demo-shaped workspace: one self-contained file, a chart per view,
the views' own numbers, the filters stated, no email or phone number, uploaded text escaped."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pandas as pd
import pytest
from helpers import CALL_HEADER, EMAIL_HEADER, write_csv
from report_reading import fetched_urls, read_report

from journey_explorer import ingest, workspace
from journey_explorer.filters import Condition, Filters
from journey_explorer.model import TECHNICAL_EVENTS
from journey_explorer.report import SECTIONS, build, build_report
from journey_explorer.views import (attribution, calls, flows, funnels, growth, next_step, obstacles,
                                    overview, segments, tables)

VIEWS = ["overview", "journeys", "funnels", "segments", "growth", "calls", "attribution", "next_step"]
SECTION_ORDER = VIEWS + ["obstacles"]  # obstacles: a chart only when one is found (see its test)


@pytest.fixture(scope="module")
def html(demo_ws) -> str:
    return build_report(demo_ws)


@pytest.fixture(scope="module")
def report(html):
    return read_report(html)


def test_the_file_fetches_nothing_and_runs_no_script(html, report):
    assert fetched_urls(report) == []
    assert not [tag for tag, _ in report.tags if tag in ("script", "iframe", "object", "embed", "img", "link")]
    hrefs = [attrs["href"] for tag, attrs in report.tags if tag == "a"]
    assert hrefs and all(h.startswith("#") for h in hrefs)  # the contents, inside the file
    assert "@import" not in html and re.findall(r"url\((?!#)", html) == []  # url(#…): a gradient in the file
    ids = [attrs["id"] for _, attrs in report.tags if "id" in attrs]
    assert len(ids) == len(set(ids))  # each chart's gradients and clips are its own
    assert set(re.findall(r"url\(#([^)]+)\)", html)) <= set(ids)
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")


def test_one_section_per_view_each_with_a_chart_a_sentence_and_captions(report):
    assert [f.__name__.removesuffix("_section") for f in SECTIONS] == SECTION_ORDER
    assert list(report.sections) == SECTION_ORDER
    for key in VIEWS:
        section = report.sections[key]
        assert section.charts >= 1, key
        assert section.sentence.strip() and not section.sentence.startswith("This part could not"), key
        assert len(section.captions) == section.charts and all(c.strip() for c in section.captions), key


def test_headline_numbers_are_the_overview_totals(demo_ws, report):
    t = overview.overview(demo_ws).totals
    assert report.metrics == {
        "customers": f"{t['customers']:,}", "touchpoints": f"{t['touchpoints']:,}",
        "conversions": f"{t['converted_customers']:,}",
        "conversion_rate": f"{t['converted_customers'] / t['customers']:.1%}",
        "multi_kind_share": f"{t['multi_kind_share']:.1%}"}
    assert report.filters == ["None: every customer and touchpoint in the workspace"]


def pct(values) -> list[str]:
    return [f"{v:.1%}" for v in values]


def ints(values) -> list[str]:
    return [f"{int(v):,}" for v in values]


def test_journeys_are_the_paths_and_links_the_page_shows_by_default(demo_ws, report):
    names = flows.node_counts(demo_ws, "touchpoint", None, flows.DEFAULT_GROUPS)["node"]
    options = {"by": "touchpoint", "depth": 5, "exclude": flows.technical_in(names), "groups": flows.DEFAULT_GROUPS}
    paths = flows.top_paths(demo_ws, top=10, **options)
    shown = report.sections["journeys"].table()
    assert shown["Journey"].tolist() == paths["path"].tolist()
    assert shown["Customers"].tolist() == ints(paths["customers"])
    assert shown["Share of customers"].tolist() == pct(paths["share"])
    assert shown["Conversion rate"].tolist() == pct(paths["conversion_rate"])
    links = flows.sankey_links(demo_ws, top=8, **options)
    starters = links.loc[links["step"] == 1, "customers"].sum()
    assert report.sections["journeys"].captions[0].startswith(f"{starters:,} customers, step by step")
    top = paths.iloc[0]
    assert f"“{top['path']}”, was taken by {top['customers']:,} customers" in report.sections["journeys"].sentence


def most_common_way_into_a_conversion(con, steps: int = 4) -> list[str]:
    """Brute force: each converter's touchpoints up to their first conversion, technical hits
    out, repeats merged, the last `steps`; the most customers, then the smallest path."""
    frame = tables.touchpoints(con)
    frame = frame[~frame["touchpoint"].isin(TECHNICAL_EVENTS)].sort_values(
        ["customer_id", "ts", "origin_file", "origin_row"], kind="stable")
    counts: dict[tuple, int] = {}
    for _, rows in frame.groupby("customer_id", sort=False):
        converted = rows["is_conversion"].to_numpy().nonzero()[0]
        if not len(converted):
            continue
        upto = rows["touchpoint"].tolist()[:converted[0] + 1]
        merged = [t for i, t in enumerate(upto) if i == 0 or t != upto[i - 1]][-steps:]
        if len(merged) >= 2:
            counts[tuple(merged)] = counts.get(tuple(merged), 0) + 1
    return list(min(counts, key=lambda path: (-counts[path], path)))


def test_the_funnel_is_the_most_common_way_into_a_conversion_with_the_funnel_view_numbers(demo_ws, report):
    steps = most_common_way_into_a_conversion(demo_ws)
    result = funnels.funnel(demo_ws, steps, 7 * 86400, "touchpoint")
    shown = report.sections["funnels"].table()
    assert shown["Name"].tolist() == steps
    assert shown["Customers"].tolist() == ints(result["customers"])
    assert shown["From step 1"].tolist() == pct(result["conversion_from_start"])
    assert report.sections["funnels"].sentence == (
        f"Of {result['customers'].iloc[0]:,} customers who reached “{steps[0]}”, {result['customers'].iloc[-1]:,} "
        f"went on to “{steps[-1]}” within 7 days, in this order.")


def test_segments_compare_callers_with_the_rest_as_the_segments_export(demo_ws, report):
    result = segments.compare(demo_ws, [segments.segment(["kind=call"], "Called us"),
                                        segments.segment(["kind!=call"], "Never called")])
    shown = report.sections["segments"].table()
    assert shown["Segment"].tolist() == ["Called us", "Never called"]
    assert shown["Customers"].tolist() == ints(result["customers"])
    assert shown["Converted"].tolist() == ints(result["conversions"])
    assert shown["Conversion rate"].tolist() == pct(result["conversion_rate"])
    callers, others = result["conversion_rate"]
    assert callers > others  # the demo's story
    assert report.sections["segments"].sentence.startswith(
        f"Customers in “Called us” convert at {callers:.0%}, against {others:.0%} in “Never called”: "
        "likely a real difference")


def test_growth_compares_the_first_and_last_complete_year_of_the_growth_export(demo_ws, report):
    yearly = growth.growth(demo_ws, "channel", "year")
    years = sorted(yearly.loc[yearly["complete"], "period"].unique())
    assert len(years) >= 2
    start, end = pd.Timestamp(years[0]), pd.Timestamp(years[-1])
    per_year = yearly.groupby("period")["interactions"].sum()
    by_group = yearly.pivot(index="group", columns="period", values="interactions")
    multiples = (by_group[end] / by_group[start]).drop("Other", errors="ignore")
    fastest = multiples.dropna().sort_index().sort_values(ascending=False, kind="stable").index[0]
    assert report.sections["growth"].sentence == (
        f"Interactions grew {per_year[end] / per_year[start]:.1f}× from {start.year} to {end.year} "
        f"({per_year[start]:,} → {per_year[end]:,}); {fastest} grew fastest ({multiples[fastest]:.1f}×).")
    shown = report.sections["growth"].table().set_index("Channel")
    assert shown[str(start.year)].tolist() == ints(by_group.loc[shown.index, start])
    assert shown[str(end.year)].tolist() == ints(by_group.loc[shown.index, end])


def test_calls_attribution_and_next_step_are_their_views_numbers(demo_ws, report):
    by_campaign = calls.calls(demo_ws, "campaign")  # most calls first, calls without a campaign last
    shown = report.sections["calls"].table()
    assert shown["Campaign"].tolist() == by_campaign["group"].head(15).tolist()
    assert shown["Calls"].tolist() == ints(by_campaign["calls"].head(15))
    assert shown["Answered"].tolist() == ints(by_campaign["answered"].head(15))
    total, answered = by_campaign["calls"].sum(), by_campaign["answered"].sum()
    assert report.sections["calls"].sentence.startswith(f"{total:,} calls, {answered / total:.0%} of them answered")
    summary = attribution.summarise(demo_ws, attribution.MODELS, "channel", 30.0, 7.0)
    wide = attribution.wide(summary.credits, "channel", "conversions")
    shown = report.sections["attribution"].table()
    assert shown["Channel"].tolist() == wide["channel"].tolist()
    for model in attribution.MODELS:
        label = attribution.MODEL_LABELS[model]
        assert shown[label].tolist() == [f"{v:,.1f}" for v in wide[label]], model
    assert report.sections["attribution"].sentence == summary.caption
    names = flows.node_counts(demo_ws, "touchpoint")["node"].tolist()
    first = next(n for n in names if n not in TECHNICAL_EVENTS)
    prediction = next_step.predict_next(demo_ws, [first], 10)
    shown = report.sections["next_step"].table()
    assert shown["Next step"].tolist() == prediction["next"].tolist()
    assert shown["Chance"].tolist() == pct(prediction["probability"])


def test_obstacles_say_the_biggest_finding_or_that_none_stands_out(demo_ws, report):
    findings = obstacles.obstacles(demo_ws, "month")
    section = report.sections["obstacles"]
    if len(findings):
        assert section.sentence == findings["summary"].iloc[0] and section.charts == 1
        assert section.table()["Customers it cost"].tolist() == ints(findings["lost_customers"].head(5))
    else:
        assert section.sentence.startswith("No obstacle stands out") and section.charts == 0


def test_a_comparison_in_force_is_stated_as_one(demo_ws):
    chosen = Filters((Condition("attrs.value", "100", op=">"), Condition("customer.Lifecycle_Stage", "lead")))
    lines = build.describe_filters(chosen)
    assert lines == ["Touchpoints whose value is over 100", "Touchpoints whose lifecycle stage is lead"]


def test_the_filters_in_force_are_stated_and_the_numbers_follow_them(demo_ws):
    first = overview.overview(demo_ws).totals["first_ts"].date()
    chosen = Filters((Condition("kind", "web"), Condition("kind", "email"), Condition("channel", "Email", True)),
                     first + dt.timedelta(days=100), first + dt.timedelta(days=400),
                     segments.parse_segment_text("first.channel=Paid Search"))
    report = read_report(build_report(demo_ws, chosen))
    day = "{0.day} {0:%b %Y}".format
    assert report.filters == [
        "Touchpoints whose kind is web or email", "Touchpoints whose channel is not Email",
        f"Touchpoints from {day(chosen.date_from)} to {day(chosen.date_to)}",
        "Only the whole journeys of customers who match: "
        + segments.describe(segments.parse_segment_condition("first.channel=Paid Search"))]
    t = overview.overview(demo_ws, chosen).totals
    unfiltered = overview.overview(demo_ws).totals
    assert 0 < t["customers"] < unfiltered["customers"]
    assert report.metrics["customers"] == f"{t['customers']:,}"
    assert report.metrics["touchpoints"] == f"{t['touchpoints']:,}"


def test_page_settings_are_the_report_view_settings(demo_ws):
    settings = {"journeys": {"by": "channel", "depth": 3}, "growth": {"by": "kind", "period": "quarter"},
                "segments": {"split": "channel"},
                "funnels": {"steps": ["Paid Search", "Phone"], "by": "channel", "window": "30 days"}}
    report = read_report(build_report(demo_ws, settings=settings))
    paths = flows.top_paths(demo_ws, "channel", 3, 10)
    assert report.sections["journeys"].table()["Journey"].tolist() == paths["path"].tolist()
    result = funnels.funnel(demo_ws, ["Paid Search", "Phone"], 30 * 86400, "channel")
    assert report.sections["funnels"].table()["Customers"].tolist() == ints(result["customers"])
    assert "within 30 days" in report.sections["funnels"].sentence
    split = segments.split_segments(demo_ws, "channel")
    assert report.sections["segments"].table()["Segment"].tolist() == [s.name for s in split]
    assert "per quarter" in report.sections["growth"].settings and "grouped by kind" in report.sections["growth"].settings


PLANTED_EMAIL, PLANTED_PHONE = "jane.doe@example.com", "415-555-0132"


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """A small workspace loaded as an upload is: campaign names with an email, a phone number and
    markup in them."""
    folder = tmp_path_factory.mktemp("planted")
    emails = write_csv(folder / "emails.csv", EMAIL_HEADER, [
        [f"c{i}@example.org", action, f"2024-03-{day:02d} 10:0{i}:00 UTC", campaign, ""]
        for i in range(6) for day, action, campaign in [
            (4, "open", f"Spring offer for {PLANTED_EMAIL}"), (5, "click", f"Call {PLANTED_PHONE} today"),
            (6, "open", "<script>alert('x')</script> Sale"), (20, "click", f"Spring offer for {PLANTED_EMAIL}")]])
    calls = write_csv(folder / "calls.csv", CALL_HEADER, [
        [f"03/{day:02d}/2024 14:22", f"(415) 555-01{i:02d}", "(415) 555-0199", "183", "true", "true", "google",
         "cpc", "<img src=x onerror=alert(1)>", "hiking boots", "https://shop.example.com/", "", "120", "mobile",
         "Boston"] for i in range(6) for day in (7, 21)])
    con = workspace.connect(folder / "workspace.duckdb")
    ingest.load_files(con, [emails, calls])
    yield con
    con.close()


SHOW_CAMPAIGNS = {"journeys": {"by": "campaign"}, "growth": {"by": "campaign", "period": "week"}}


def test_no_email_or_phone_number_is_in_the_report_and_uploaded_markup_is_text(planted):
    filters = Filters((Condition("campaign", "bob@example.com", True),))
    html = build_report(planted, filters, SHOW_CAMPAIGNS)
    lowered = html.lower()
    assert PLANTED_EMAIL not in lowered and "bob@example.com" not in lowered
    assert not any(p in html for p in (PLANTED_PHONE, "555-01", "5550132"))
    assert "***@example.com" in html  # the masked campaigns are there, only masked
    assert "<script" not in lowered and "<img" not in lowered
    assert "&lt;script&gt;alert" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Touchpoints whose campaign is not ***@example.com" in read_report(html).filters


def test_show_pii_keeps_them_so_the_masking_is_what_hides_them(planted):
    html = build_report(planted, settings=SHOW_CAMPAIGNS, show_pii=True).lower()
    assert PLANTED_EMAIL in html and PLANTED_PHONE in html
    assert "<script" not in html  # escaping is not optional


def test_a_setting_the_workspace_cannot_use_leaves_one_plain_sentence_and_the_rest(demo_ws):
    report = read_report(build_report(demo_ws, settings={"segments": {"split": "attrs.no_such_field"}}))
    assert report.sections["segments"].sentence.startswith("This part could not be made: ")
    assert report.sections["segments"].charts == 0
    assert all(report.sections[k].charts for k in VIEWS if k != "segments")


def test_an_empty_selection_says_so(demo_ws):
    nothing = replace(Filters(), where=(Condition("channel", "No such channel"),))
    report = read_report(build_report(demo_ws, nothing))
    assert report.sections == {} and report.metrics["customers"] == "0"
