"""The SQL gateway and the queries/ folder."""
import re
from pathlib import Path

import pytest

from journey_explorer import db

ROOT = Path(__file__).resolve().parent.parent
QUERY_FILES = sorted(p.relative_to(db.QUERIES).with_suffix("").as_posix() for p in db.QUERIES.rglob("*.sql"))
CODE = "\n".join(p.read_text() for p in [*(ROOT / "journey_explorer").rglob("*.py"), *(ROOT / "pages").glob("*.py")])


@pytest.mark.parametrize("name", QUERY_FILES)
def test_every_query_file_is_used_and_is_one_statement(name):
    area, _, stem = name.rpartition("/")
    used = f'"{name}"' in CODE or (area == "schema" and f'"{stem}"' in CODE) or \
        re.search(rf'f"{area}/[^"]*{{[^}}]+}}[^"]*"', CODE)
    assert used, f"{name}.sql is not run by any code"
    text = re.sub(r"--[^\n]*|'(?:[^']|'')*'", "", db.query_text(name)).strip().rstrip(";")
    assert ";" not in text, f"{name}.sql holds more than one statement"


def test_parameters_are_read_from_the_sql():
    assert db.query_params("ingest/insert_load") >= {"load_id", "file", "layout", "mapping"}
    assert db.query_params("ingest/ts_try_format") == {"fmt"}


def test_run_refuses_missing_parameters(con):
    with pytest.raises(TypeError, match="fmt"):
        db.run(con, "ingest/ts_try_format")


def test_quote_ident_handles_any_column_name():
    assert db.quote_ident('we"ird name') == '"we""ird name"'
    with pytest.raises(db.QueryError):
        db.quote_ident("")


def test_no_sql_is_built_from_strings_outside_the_gateway():
    offenders = [p.name for p in (ROOT / "journey_explorer").rglob("*.py") if p.name != "db.py"
                 and re.search(r'(execute|sql)\(\s*f["\']|\.format\(.*(SELECT|select|WHERE)', p.read_text())]
    assert offenders == []
