"""The calls table as ui/calls_widgets.py hands it to the grid: every number written by
journey_explorer.formats, so answer rates read alike ("50.0%" beside "53.6%")."""
import re

from page_helpers import CALLS, EMAILS, WEB, build, open_ws

from journey_explorer.ui import calls_widgets, grids
from journey_explorer.views import calls as calls_view


def test_answer_rates_and_values_have_one_format_each(tmp_path):
    # Two more calls to the spring campaign, one answered: rates of 1/1, 2/3 and 0/1 side by side.
    more = ("\n2024-03-07 10:00:00,(415) 555-0101,(800) 555-0100,30,true,true,google,cpc,spring,,/,,1234.5,mobile,"
            "Oakland\n2024-03-08 10:00:00,(415) 555-0102,(800) 555-0100,0,false,true,google,cpc,spring,,/,,,mobile,"
            "Oakland")
    ws = open_ws(build(tmp_path, {"web.csv": WEB, "calls.csv": CALLS.rstrip("\n") + more + "\n", "emails.csv": EMAILS}))
    try:
        table = calls_view.calls(ws.con, "campaign")
        columns = calls_widgets.table_columns("campaign", table)
        assert list(columns)[0] == "group" and columns["answer_rate"] == ("Answer rate", "percent")
        shown = grids.styled(table, columns, currency="EUR").to_html()
        rates = re.findall(r">(\d+(?:\.\d)?%)<", shown)
        assert len(rates) == len(table) and all(re.fullmatch(r"\d+\.\d%", r) for r in rates), rates
        assert "66.7%" in rates and "None" not in shown and "nan" not in shown
        assert "€1,284.50" in shown and "$" not in shown    # spring's 50 + 1,234.50, in the workspace's currency
    finally:
        ws.con.close()
