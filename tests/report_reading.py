"""Reading a report's HTML back as a reader sees it (imported by the report tests): its sections,
their key sentences, charts and tables, the headline numbers and the filters stated."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pandas as pd


@dataclass
class ReportSection:
    key: str
    title: str = ""
    sentence: str = ""
    settings: str = ""
    charts: int = 0
    captions: list = field(default_factory=list)
    tables: list = field(default_factory=list)   # each a list of rows, each a list of cell texts

    def table(self, i: int = 0) -> pd.DataFrame:
        head, *rows = self.tables[i]
        return pd.DataFrame(rows, columns=head)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.sections: dict[str, ReportSection] = {}
        self.metrics: dict[str, str] = {}
        self.filters: list[str] = []
        self._section = None
        self._field = None        # (object, attribute) the text goes to
        self._metric = None
        self._row = None
        self._svg_depth = 0
        self._in_filters = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        classes = (attrs.get("class") or "").split()
        if tag == "svg":
            if self._svg_depth == 0 and self._section:
                self._section.charts += 1
            self._svg_depth += 1
        if self._svg_depth:
            return
        if tag == "section" and "data-section" in attrs:
            self._section = self.sections[attrs["data-section"]] = ReportSection(attrs["data-section"])
        elif self._section and tag == "h2":
            self._field = (self._section, "title")
        elif self._section and tag == "p" and "key" in classes:
            self._field = (self._section, "sentence")
        elif self._section and tag == "p" and "settings" in classes:
            self._field = (self._section, "settings")
        elif self._section and tag == "figcaption":
            self._section.captions.append("")
            self._field = (self._section, "caption")
        elif self._section and tag == "table":
            self._section.tables.append([])
        elif self._section and tag == "tr":
            self._row = []
            self._section.tables[-1].append(self._row)
        elif self._row is not None and tag in ("td", "th"):
            self._row.append("")
        elif tag == "div" and "data-metric" in attrs:
            self._metric = attrs["data-metric"]
        elif self._metric and tag == "div" and "value" in classes:
            self.metrics[self._metric] = ""
        elif tag == "div" and "filters" in classes:
            self._in_filters = True
        elif self._in_filters and tag == "li":
            self.filters.append("")

    def handle_endtag(self, tag):
        if tag == "svg":
            self._svg_depth -= 1
            return
        if self._svg_depth:
            return
        if tag == "section":
            self._section = None
        elif tag in ("h2", "p", "figcaption"):
            self._field = None
        elif tag == "tr":
            self._row = None
        elif tag == "div" and self._metric and self.metrics.get(self._metric):
            self._metric = None
        elif tag == "ul":
            self._in_filters = False

    def handle_data(self, data):
        if self._svg_depth:
            return
        if self._field == (self._section, "caption"):
            self._section.captions[-1] += data
        elif self._field:
            target, name = self._field
            setattr(target, name, getattr(target, name) + data)
        elif self._row is not None and self._row:
            self._row[-1] += data
        elif self._metric and self._metric in self.metrics:
            self.metrics[self._metric] += data
        elif self._in_filters and self.filters:
            self.filters[-1] += data


@dataclass
class Report:
    tags: list
    sections: dict
    metrics: dict
    filters: list


def read_report(html: str) -> Report:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return Report(reader.tags, reader.sections, reader.metrics, reader.filters)


def fetched_urls(report: Report) -> list[str]:
    """Everything the page would fetch: script/img/iframe/… sources, stylesheet links."""
    found = []
    for tag, attrs in report.tags:
        for name in ("src", "srcset", "data", "poster"):
            if attrs.get(name):
                found.append(f"{tag} {name}={attrs[name]}")
        if tag == "link" and attrs.get("href"):
            found.append(f"link href={attrs['href']}")
    return found
