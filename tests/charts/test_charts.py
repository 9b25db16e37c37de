"""Chart files people download: a real PNG, and HTML that opens without the internet."""
import re

from journey_explorer import charts
from journey_explorer.views import flows
from journey_explorer.views import overview as overview_view


def test_png_and_offline_html_of_an_altair_chart(demo_ws):
    data = overview_view.overview(demo_ws)
    chart = charts.bar_chart(data.by_channel, "channel", "touchpoints", "Touchpoints by channel")
    png = charts.to_png(chart)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width > 200 and height > 28 * len(data.by_channel)  # a bar per channel, drawn at 2×
    html = charts.to_html(chart)
    assert not re.search(r"<script[^>]+src=", html)  # scripts inline: opens offline
    assert data.by_channel["channel"].iloc[0] in html


def test_offline_html_of_the_sankey(demo_ws):
    links = flows.sankey_links(demo_ws, depth=3)
    html = charts.to_html(charts.sankey_figure(links, int(links.loc[links["step"] == 1, "customers"].sum())))
    assert not re.search(r"<script[^>]+src=", html)
    assert links["source"].iloc[0] in html
