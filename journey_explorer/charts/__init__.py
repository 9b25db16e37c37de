"""Charts: figure functions that take a view's frame and return an Altair chart or a Plotly
figure, plus PNG/HTML export. They compute nothing a view should; they may import views for
shared labels, never ingest or ui. Every page takes its colours from palette.colours().
"""
from .flows import sankey_figure, sankey_nodes
from .growth import (conversions_chart, growth_chart, growth_heatmap, index_chart, share_chart,
                     with_group_labels)
from .overview import (bar_chart, funnel_chart, monthly_area_chart, palette_scale, time_to_convert_chart, to_html,
                       to_png, with_kind_labels)
from .palette import KIND_LABELS, colour, colours
from .segments import SEGMENT_COLOURS, diverging_steps_chart, segment_funnel_chart

__all__ = ["KIND_LABELS", "SEGMENT_COLOURS", "bar_chart", "colour", "colours", "conversions_chart",
           "diverging_steps_chart", "funnel_chart", "growth_chart", "growth_heatmap", "index_chart",
           "monthly_area_chart", "palette_scale", "sankey_figure", "sankey_nodes", "segment_funnel_chart",
           "share_chart", "time_to_convert_chart", "to_html", "to_png", "with_group_labels", "with_kind_labels"]
