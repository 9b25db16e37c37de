"""Text from the data as Plotly draws it: never markup.

Plotly reads a few HTML tags in labels and hover text (<a href>, <b>, <br>, <span style> …), so a
touchpoint named `<a href="https://…">phish</a>` would be drawn as a clickable link. Plotly splits
a label into tags and text first and only then decodes entities in the text, so escaping &, < and
> shows the name exactly as it is, as text. Contact details are masked here too (unless asked):
labels are the last step before a person sees them.
"""
from __future__ import annotations

import html

from ..privacy import mask_pii


def plain_label(text, show_pii: bool = False) -> str:
    """One label (a node name, a path, a legend entry) as plain text for Plotly."""
    if text is None:
        return ""
    text = str(text) if show_pii else mask_pii(str(text))
    return html.escape(text, quote=False)


def plain_labels(texts, show_pii: bool = False) -> list[str]:
    return [plain_label(t, show_pii) for t in texts]
