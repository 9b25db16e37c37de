"""Costs: read from the CSV files people keep spend in, checked row by row with plain errors, and
saved in the workspace all at once."""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest

from journey_explorer.views import costs as costs_view
from journey_explorer.views.costs import (
    CostError,
    check_costs,
    read_costs_csv,
    save_costs,
)


def csv(text: str, encoding: str = "utf-8") -> io.BytesIO:
    return io.BytesIO(text.encode(encoding))


def test_a_spreadsheet_export_with_its_own_headers():
    frame = read_costs_csv(csv("\ufeffStart Date;End Date;Channel;Campaign Name;Spend (USD)\n"
                               "2024-03-01;2024-03-31;Paid Search;;$1,234.50\n"
                               "2024-03-01;2024-03-31;;Spring Sale;  80 \n"
                               ";;;;\n"))
    assert frame.to_dict("list") == {
        "period_start": [pd.Timestamp("2024-03-01")] * 2, "period_end": [pd.Timestamp("2024-03-31")] * 2,
        "channel": ["Paid Search", None], "campaign": [None, "spring sale"], "cost": [1234.5, 80.0]}


def test_a_month_or_a_day_column_is_the_period():
    months = read_costs_csv(csv("month,channel,cost\n2024-02,Display,10\n2023-12,Display,\"1.234,5\"\n"))
    assert months[["period_start", "period_end", "cost"]].values.tolist() == [
        [pd.Timestamp("2024-02-01"), pd.Timestamp("2024-02-29"), 10.0],
        [pd.Timestamp("2023-12-01"), pd.Timestamp("2023-12-31"), 1234.5]]
    days = read_costs_csv(csv("date\tcampaign\tamount\n2024-05-06\tBrand\t12,5\n"))
    assert days[["period_start", "period_end", "campaign", "cost"]].values.tolist() == [
        [pd.Timestamp("2024-05-06"), pd.Timestamp("2024-05-06"), "brand", 12.5]]


@pytest.mark.parametrize("text, message", [
    ("channel,campaign\nDisplay,x\n", ("The costs file needs a cost column (also called spend or amount); its "
                                       "columns are: channel, campaign.")),
    ("channel,cost\nDisplay,5\n", ("The costs file needs the period: period_start and period_end columns, or one "
                                   "date (a day's cost) or month (e.g. 2024-03) column.")),
    ("period_start,period_end,cost\n2024-03-01,2024-03-31,5\n03/04/2024,2024-04-30,5\n",
     'Row 2: the start date "03/04/2024" should look like 2024-03-01.'),
    ("period_start,period_end,cost\n2024-03-31,2024-03-01,5\n", "Row 1 ends (2024-03-01) before it starts (2024-03-31)."),
    ("period_start,period_end,cost\n2024-03-01,,5\n", "Row 1 has no end date; give both (the same day twice for one day)."),
    ("period_start,period_end,cost\n2024-03-01,2024-03-02,lots\n", 'Row 1: the cost "lots" is not a number.'),
    ("period_start,period_end,cost\n2024-03-01,2024-03-02,-4\n", "Row 1: the cost is below zero (-4)."),
    ("period_start,period_end,cost\n2024-03-01,2024-03-02,\n", "Row 1 has no cost."),
    ("month,cost\n2024-13,5\n", 'Row 1: the month "2024-13" should look like 2024-03.'),
])
def test_wrong_files_get_one_plain_sentence(text, message):
    with pytest.raises(CostError) as problem:
        read_costs_csv(csv(text))
    assert str(problem.value) == message


def test_an_unreadable_file_says_so():
    with pytest.raises(CostError, match="could not be read"):
        read_costs_csv(io.BytesIO(b"\xff\xfe\x00\x00garbage"))


def test_save_replaces_the_costs_all_at_once(con):
    assert costs_view.costs(con).empty
    first = pd.DataFrame({"period_start": [dt.date(2024, 1, 1), dt.date(2024, 2, 1)],
                          "period_end": [dt.date(2024, 1, 31), dt.date(2024, 2, 29)],
                          "channel": ["paid search", None], "campaign": [None, "brand"], "cost": [100, 50.5]})
    saved = save_costs(con, first)
    assert saved["channel"].tolist() == ["Paid Search", None]  # spelled as the channel rules spell it
    assert saved["cost"].tolist() == [100.0, 50.5]
    broken = pd.concat([first, pd.DataFrame({"period_start": [dt.date(2024, 3, 1)], "period_end": [dt.date(2024, 3, 31)],
                                             "channel": ["Paid Serch"], "campaign": [None], "cost": [1.0]})])
    with pytest.raises(CostError, match=r'Row 3: "Paid Serch" is not one of the channels .*Did you mean "Paid Search"\?'):
        save_costs(con, broken)
    pd.testing.assert_frame_equal(costs_view.costs(con), saved)  # unchanged
    assert save_costs(con, first.iloc[:0]).empty and costs_view.costs(con).empty


def test_editor_rows_left_blank_are_dropped():
    frame = pd.DataFrame({"period_start": [pd.Timestamp("2024-01-01"), None], "period_end": [pd.Timestamp("2024-01-02"), pd.NaT],
                          "channel": [None, None], "campaign": ["  ", None], "cost": [3.0, float("nan")]})
    checked = check_costs(frame)
    assert len(checked) == 1 and checked["campaign"].tolist() == [None]
