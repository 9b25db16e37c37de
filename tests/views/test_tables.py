import pytest

from journey_explorer import ingest
from journey_explorer.filters import parse_filters
from journey_explorer.views import overview as overview_view
from journey_explorer.views import tables


def test_overview_matches_a_count_in_pandas(con, journey_files):
    ingest.load_files(con, list(journey_files.values()))
    tp = tables.touchpoints(con)
    data = overview_view.overview(con)
    kinds = tp.groupby("customer_id")["kind"].nunique()
    assert data.totals["customers"] == tp["customer_id"].nunique() == 3
    assert data.totals["touchpoints"] == len(tp) == 7
    assert data.totals["multi_kind_customers"] == (kinds > 1).sum() == 1
    assert data.by_kind.set_index("kind")["touchpoints"].to_dict() == tp["kind"].value_counts().to_dict()
    assert data.by_channel["touchpoints"].sum() == len(tp)
    assert data.by_month["touchpoints"].sum() == len(tp)
    assert data.kind_mix.set_index("kinds")["customers"].to_dict() == {"call": 1, "email": 1, "call + email + web": 1}


def test_empty_workspace_overview(con):
    data = overview_view.overview(con)
    assert data.totals["touchpoints"] == 0 and data.totals["customers"] == 0 and data.by_kind.empty


def test_filter_choices(con, journey_files):
    ingest.load_files(con, list(journey_files.values()))
    choices = tables.filter_choices(con)
    assert choices["kinds"] == ["call", "email", "web"] and "Phone" in choices["channels"]
    assert str(choices["first"]) == "2024-03-05" and str(choices["last"]) == "2024-03-21"


@pytest.mark.parametrize("where", [None, ["channel!=Email", "kind!=call"]], ids=["all", "filtered"])
def test_overview_customers_per_kind_and_channel_at_scale(demo_ws, where):
    filters = parse_filters(where) if where else None
    tp = tables.touchpoints(demo_ws, filters)
    data = overview_view.overview(demo_ws, filters)
    for by, frame in (("kind", data.by_kind), ("channel", data.by_channel)):
        got = frame.set_index(by)
        assert got["customers"].to_dict() == tp.groupby(by)["customer_id"].nunique().to_dict()
        assert got["touchpoints"].to_dict() == tp[by].value_counts().to_dict()
        assert got["conversions" if by == "channel" else "touchpoints"].sum() > 0
