"""`journey-explorer export attribution`: the CSV is the core's frame, options as the issue names them."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from helpers import generated_workspace

from journey_explorer import cli, workspace
from journey_explorer.filters import parse_filters
from journey_explorer.views import attribution as A


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("attribution_cli")
    generated_workspace(folder, 4_000, seed=5).close()
    return folder / "workspace.duckdb"


def export(capsys, db_path, *options) -> pd.DataFrame:
    code = cli.main(["export", "attribution", "--db", str(db_path), *options])
    out = capsys.readouterr().out
    assert code == 0, out
    return pd.read_csv(io.StringIO(out), keep_default_na=False)


def core(db_path, *args, **options) -> pd.DataFrame:
    con = workspace.connect(db_path, read_only=True)
    try:
        return A.attribution(con, *args, **options)
    finally:
        con.close()


def test_all_models_with_a_model_column(capsys, db_path):
    frame = export(capsys, db_path, "--model", "all")
    want = core(db_path, "all")
    assert frame.columns.tolist() == ["model", "channel", "conversions", "value"]
    assert frame[["model", "channel"]].values.tolist() == want[["model", "channel"]].values.tolist()
    assert frame["conversions"].to_numpy() == pytest.approx(want["conversions"].to_numpy())
    assert frame["value"].to_numpy() == pytest.approx(want["value"].to_numpy())
    assert export(capsys, db_path).equals(frame)  # all is the default


def test_one_model_by_campaign_with_a_lookback_and_half_life(capsys, db_path):
    frame = export(capsys, db_path, "--model", "time_decay", "--by", "campaign", "--lookback", "14d",
                   "--half-life", "36h")
    want = core(db_path, "time_decay", by="campaign", lookback_days=14, half_life_days=1.5)
    assert frame.columns.tolist() == ["campaign", "conversions", "value"]
    assert frame["campaign"].tolist() == want["campaign"].tolist()
    assert frame["conversions"].to_numpy() == pytest.approx(want["conversions"].to_numpy())
    assert frame["conversions"].to_numpy() != pytest.approx(core(db_path, "time_decay", by="campaign")
                                                            .set_index("campaign").loc[frame["campaign"],
                                                                                        "conversions"].to_numpy())


def test_filters_apply(capsys, db_path):
    frame = export(capsys, db_path, "--model", "markov", "--from", "2024-01-01", "--to", "2024-06-30")
    want = core(db_path, "markov", filters=parse_filters((), "2024-01-01", "2024-06-30"))
    assert frame["conversions"].sum() == pytest.approx(want["conversions"].sum())
    assert frame["conversions"].sum() < core(db_path, "markov")["conversions"].sum()


def test_a_wrong_model_is_one_plain_sentence(capsys, db_path):
    assert cli.main(["export", "attribution", "--db", str(db_path), "--model", "lastt"]) == 2
    err = capsys.readouterr().err
    assert err.startswith('error: "lastt" is not an attribution model') and 'Did you mean "last"' in err
    assert cli.main(["export", "attribution", "--db", str(db_path), "--lookback", "a month"]) == 2
    assert "should look like 7d" in capsys.readouterr().err
