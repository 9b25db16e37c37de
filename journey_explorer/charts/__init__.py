"""Charts: figure functions that take a view's frame and return an Altair chart or a Plotly
figure, plus PNG/HTML export. They compute nothing a view should; they may import views for
shared labels, never ingest or ui.
"""
from .common import *  # noqa: F401,F403
