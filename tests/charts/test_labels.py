"""Labels from the data are text, never markup (Plotly reads tags in labels)."""
from __future__ import annotations

import pytest

from journey_explorer.charts.labels import plain_label, plain_labels


@pytest.mark.parametrize("name, shown", [
    ('<a href="https://example.com/login">phish</a>', '&lt;a href="https://example.com/login"&gt;phish&lt;/a&gt;'),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("Tom &amp; Jerry <b>bold</b>", "Tom &amp;amp; Jerry &lt;b&gt;bold&lt;/b&gt;"),
    ("page_view /pricing", "page_view /pricing"), ("a<br>b", "a&lt;br&gt;b"), (None, ""), (3, "3"),
])
def test_markup_is_escaped_and_plain_names_are_unchanged(name, shown):
    assert plain_label(name, show_pii=True) == shown


def test_contact_details_are_masked_unless_asked():
    assert plain_labels(["Signed up <jane.roe@example.com>"]) == ["Signed up &lt;***@example.com&gt;"]
    assert plain_label("Called +1 415 555 0132") == "Called ***"
    assert plain_label("jane.roe@example.com", show_pii=True) == "jane.roe@example.com"
