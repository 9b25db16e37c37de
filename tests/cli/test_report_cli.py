"""`journey-explorer report`: one HTML file whose numbers are the exports' numbers, filters stated."""
from __future__ import annotations

import pandas as pd
import pytest
from helpers import generated_workspace
from report_reading import fetched_urls, read_report

from journey_explorer import cli
from journey_explorer.views import segments

VIEWS = ["overview", "journeys", "funnels", "segments", "growth"]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report_cli")
    generated_workspace(folder, 8_000, seed=5).close()
    return folder / "workspace.duckdb"


def exported(db_path, tmp_path, *args) -> pd.DataFrame:
    out = tmp_path / "export.csv"
    assert cli.main(["export", *args, "--db", str(db_path), "--out", str(out)]) == 0
    return pd.read_csv(out)


def made(db_path, tmp_path, *args):
    out = tmp_path / "report.html"
    assert cli.main(["report", "--db", str(db_path), "--out", str(out), *args]) == 0
    html = out.read_text(encoding="utf-8")
    return html, read_report(html)


def test_the_report_is_one_file_with_the_exports_numbers(db_path, tmp_path):
    html, report = made(db_path, tmp_path)
    assert fetched_urls(report) == [] and "<script" not in html
    assert all(report.sections[k].charts >= 1 for k in VIEWS)
    touchpoints = exported(db_path, tmp_path, "touchpoints")
    assert report.metrics["touchpoints"] == f"{len(touchpoints):,}"
    assert report.metrics["customers"] == f"{touchpoints['customer_id'].nunique():,}"
    converted = touchpoints.groupby("customer_id")["is_conversion"].any()
    assert report.metrics["conversions"] == f"{converted.sum():,}"
    compared = exported(db_path, tmp_path, "segments", "--a", "kind=call", "--b", "kind!=call")
    shown = report.sections["segments"].table()
    assert shown["Customers"].tolist() == [f"{n:,}" for n in compared["customers"]]
    assert shown["Conversion rate"].tolist() == [f"{r:.1%}" for r in compared["conversion_rate"]]
    paths = exported(db_path, tmp_path, "paths", "--group", "*/blog/*=Blog", "--group", "*/products/*=Product pages",
                     "--exclude", "first_visit", "--exclude", "session_start", "--top", "10")
    assert report.sections["journeys"].table()["Journey"].tolist() == paths["path"].tolist()
    yearly = exported(db_path, tmp_path, "growth", "--period", "year")
    per_year = yearly.groupby("period")["interactions"].sum()
    complete = sorted(yearly.loc[yearly["complete"], "period"].unique())
    assert f"({per_year[complete[0]]:,} → {per_year[complete[-1]]:,})" in report.sections["growth"].sentence


def test_the_usual_filters_are_stated_and_applied(db_path, tmp_path):
    args = ["--where", "kind!=email", "--from", "2024-02-01", "--to", "2024-11-30", "--customers", "kind=call"]
    _, report = made(db_path, tmp_path, *args)
    assert report.filters == ["Touchpoints whose kind is not email", "Touchpoints from 1 Feb 2024 to 30 Nov 2024",
                              "Only the whole journeys of customers who match: "
                              + segments.describe(segments.parse_segment_condition("kind=call"))]
    touchpoints = exported(db_path, tmp_path, "touchpoints", *args)
    assert 0 < len(touchpoints) and report.metrics["touchpoints"] == f"{len(touchpoints):,}"


def test_a_bad_filter_is_one_plain_error(db_path, tmp_path, capsys):
    assert cli.main(["report", "--db", str(db_path), "--out", str(tmp_path / "r.html"), "--where", "nope"]) == 2
    assert capsys.readouterr().err.startswith("error: ")
    assert not (tmp_path / "r.html").exists()
