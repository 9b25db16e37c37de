import datetime as dt

import pytest

from journey_explorer import ingest
from journey_explorer.filters import FilterError, parse_filters
from journey_explorer.views import tables


def test_filter_syntax_and_plain_errors():
    f = parse_filters(["channel=Email", "attrs.device != mobile"], "2024-01-01", "2024-03-31")
    assert [(c.field, c.value, c.negate) for c in f.where] == [("channel", "Email", False), ("attrs.device", "mobile", True)]
    assert (f.date_from, f.date_to) == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    with pytest.raises(FilterError, match='Did you mean "channel"'):
        parse_filters(["chanel=Email"])   # a slip of a column's name is caught before the data is at hand
    assert [(c.field, c.op, c.value) for c in parse_filters(["attrs.cart_items>=2", "Lifecycle Stage<x"]).where] == \
        [("attrs.cart_items", ">=", "2"), ("Lifecycle Stage", "<", "x")]
    with pytest.raises(FilterError, match="field=value"):
        parse_filters(["Email"])
    with pytest.raises(FilterError, match="2024-01-31"):
        parse_filters([], "31/01/2024")
    with pytest.raises(FilterError, match="after"):
        parse_filters([], "2024-02-01", "2024-01-01")


def test_filters_select_the_same_rows_as_pandas(con, journey_files):
    ingest.load_files(con, list(journey_files.values()))
    everything = tables.touchpoints(con)
    cases = {
        ("kind=email",): everything["kind"] == "email",
        ("channel=Phone", "channel=Email"): everything["channel"].isin(["Phone", "Email"]),
        ("attrs.device=mobile",): everything["attrs"].fillna("").str.contains('"device":"mobile"'),
        ("kind!=web",): everything["kind"] != "web",
    }
    for where, expected in cases.items():
        got = tables.touchpoints(con, parse_filters(where))
        assert len(got) == expected.sum() > 0, where
    dated = tables.touchpoints(con, parse_filters([], "2024-03-15", "2024-03-20"))
    assert len(dated) == ((everything["ts"] >= "2024-03-15") & (everything["ts"] < "2024-03-21")).sum() == 4


def test_an_unknown_name_is_caught_against_the_columns_and_the_kept_attributes(con, journey_files):
    ingest.load_files(con, list(journey_files.values()))
    # A bare name may be a kept column of a file, so it is checked once the data is known.
    with pytest.raises(FilterError, match='Did you mean "device"') as problem:
        tables.touchpoints(con, parse_filters(["devise=mobile"]))
    assert "kind, touchpoint, channel" in str(problem.value) and "kept columns of your files:" in str(problem.value)


def test_filter_values_are_data_not_sql(con, journey_files):
    ingest.load_files(con, list(journey_files.values()))
    assert len(tables.touchpoints(con, parse_filters(["channel=x' OR '1'='1"]))) == 0
    assert len(tables.touchpoints(con, parse_filters(["attrs.device=x') OR 1=1 --"]))) == 0
    with pytest.raises(FilterError):
        parse_filters(['attrs.device") OR 1=1 --=x'])
