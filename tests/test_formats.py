"""Numbers as a person reads them."""
import math

from journey_explorer import formats


def test_counts_percentages_and_missing_values():
    assert formats.count(1234567) == "1,234,567" and formats.count(None) == formats.count(math.nan) == "–"
    assert formats.percent(0.4592) == "45.9%" and formats.percent(1) == "100%" and formats.percent(0) == "0%"
    assert formats.signed_percent(12.34) == "+12.3%" and formats.multiple(2.345) == "2.3×"
    assert formats.decimal(1234.56) == "1,234.6"


def test_durations_in_the_unit_that_fits():
    assert formats.duration(45) == "45 seconds" and formats.duration(1) == "1 second"
    assert formats.duration(60 * 12) == "12 minutes" and formats.duration(6 * 60) == "6 minutes"
    assert formats.duration(3600 * 3.2) == "3.2 hours" and formats.duration(3600) == "1 hour"
    assert formats.duration(86400 * 3.24) == "3.2 days" and formats.days(0.001) == "1 minute"
    assert formats.duration(None) == "–"


def test_p_values():
    assert formats.p_value(0.0001) == "< 0.001" and formats.p_value(0.0234) == "0.023"
    assert formats.p_value(math.nan) == "–"


def test_money_follows_the_currency_setting_or_the_country():
    assert formats.currency_of({"default_country": "GB", "currency": ""}) == "GBP"
    assert formats.currency_of({"default_country": "DE"}) == "EUR"
    assert formats.currency_of({"default_country": "GB", "currency": "usd"}) == "USD"
    assert formats.money(1234.5, "GBP") == "£1,234.50" and formats.money(-3, "EUR") == "-€3.00"
    assert formats.money(99, "SEK") == "99.00 SEK" and formats.money(None, "USD") == "–"
