"""Properties of masking (hypothesis): contacts never survive, dates and numbers always do, and
the fast frame pass says exactly what mask_pii says, cell by cell."""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import phonenumbers
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from journey_explorer.privacy import mask_frame, mask_output, mask_pii

PROFILE = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ_/>:\"'(),", max_size=20)
LOCAL = st.from_regex(r"[a-z][a-z0-9]{0,8}(?:[._+-][a-z0-9]{1,8}){0,2}", fullmatch=True)
DOMAIN = st.from_regex(r"[a-z][a-z0-9-]{0,10}[a-z0-9]\.(?:com|org|co\.uk|de|io)", fullmatch=True)


@st.composite
def emails(draw):
    local, domain = draw(LOCAL), draw(DOMAIN)
    return draw(st.sampled_from([str.lower, str.upper, str.title]))(local), domain


@st.composite
def phones(draw):
    """A valid number written the ways exports and people write it: (digits, text). Masking
    needs 9 digits as written (fewer are too often dates, times and amounts), so a 7-digit
    national number (Stockholm's 08-12 00 00) is masked only with its country code."""
    region = draw(st.sampled_from(["US", "GB", "DE", "FR", "AU", "SE"]))
    example = phonenumbers.example_number_for_type(
        region, draw(st.sampled_from([phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE])))
    national = str(example.national_number)
    number = phonenumbers.parse(f"+{example.country_code}{national[:-4]}{draw(st.text('0123456789', min_size=4, max_size=4))}")
    if not phonenumbers.is_valid_number(number):
        number = example
    formats = [phonenumbers.PhoneNumberFormat.E164, phonenumbers.PhoneNumberFormat.INTERNATIONAL]
    if len(str(number.national_number)) >= 8:
        formats.append(phonenumbers.PhoneNumberFormat.NATIONAL)
    fmt = draw(st.sampled_from(formats))
    return str(number.national_number), phonenumbers.format_number(number, fmt)


US_WRITTEN = ["({a}) {b}-{c}", "{a}-{b}-{c}", "{a}.{b}.{c}", "{a} {b} {c}", "{a}{b}{c}", "+1 {a} {b} {c}",
              "+1-{a}-{b}-{c}", "+1{a}{b}{c}", "1-{a}-{b}-{c}", "1 ({a}) {b}-{c}", "1.{a}.{b}.{c}"]


@st.composite
def us_phones(draw):
    a = draw(st.from_regex(r"[2-9][0-9]{2}", fullmatch=True))
    b = draw(st.from_regex(r"[2-9][0-9]{2}", fullmatch=True))
    c = draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
    return a + b + c, draw(st.sampled_from(US_WRITTEN)).format(a=a, b=b, c=c)


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


@PROFILE
@given(emails(), WORDS, WORDS)
@example(("john.doe", "gmail.com"), 'timestamp not understood: "', '"')
def test_an_email_keeps_only_its_domain(email, before, after):
    local, domain = email
    masked = mask_pii(f"{before} {local}@{domain} {after}")
    assert f"{local}@" not in masked and f"***@{domain}" in masked


@PROFILE
@given(st.one_of(phones(), us_phones()), WORDS, WORDS)
@example(("4155550132", "(415) 555-0132"), 'phone not understood: "', '"')
@example(("7700900123", "07700 900123"), "call ", " today")
def test_a_phone_number_leaves_no_trace_of_its_digits(phone, before, after):
    number, written = phone
    masked = mask_pii(f"{before} {written} {after}")
    assert number[-7:] not in digits(masked), masked


@PROFILE
@given(st.datetimes(min_value=dt.datetime(2001, 9, 10), max_value=dt.datetime(2033, 5, 17)), st.data())
def test_dates_times_and_epochs_are_left_alone(moment, data):
    epoch = moment.replace(tzinfo=dt.UTC).timestamp()
    written = data.draw(st.sampled_from([
        moment.isoformat(sep=" ", timespec="seconds"), moment.isoformat(), f"{moment:%Y-%m-%dT%H:%M:%SZ}",
        f"{moment:%d/%m/%Y %H:%M}", f"{moment:%m/%d/%Y %H:%M:%S}", f"{moment:%Y-%m-%d %H:%M:%S} UTC",
        f"{moment:%d.%m.%Y %H:%M}", str(int(epoch)), str(int(epoch * 1000)), str(int(epoch * 1_000_000)),
    ]))
    assert mask_pii(written) == written


@PROFILE
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e7, max_value=1e7))
def test_money_and_counts_are_left_alone(value):
    for text in (f"{value:.2f}", f"value {value:,.2f}", f"{int(value)}"):
        assert mask_pii(text) == text


@PROFILE
@given(st.text(max_size=60))
def test_masking_twice_changes_nothing_more(text):
    once = mask_pii(text)
    assert mask_pii(once) == once


CELLS = st.one_of(st.none(), st.text(max_size=40), emails().map(lambda e: f"{e[0]}@{e[1]}"),
                  phones().map(lambda p: f"call {p[1]}"), us_phones().map(lambda p: p[1]),
                  st.just('{"phone":"555-0132","device":"mobile"}'), st.just('{"Mobıle number":"12"}'))


@PROFILE
@given(st.lists(st.tuples(CELLS, CELLS, st.integers()), max_size=30), st.booleans())
def test_the_frame_pass_masks_exactly_what_mask_pii_masks(rows, arrow):
    frame = pd.DataFrame(rows, columns=["touchpoint", "campaign", "customers"])
    if arrow:  # what DuckDB hands back (pandas' str dtype); else plain object columns
        frame = frame.astype({"touchpoint": "str", "campaign": "str"})
    masked = mask_frame(frame)
    for column in ("touchpoint", "campaign"):
        want = [mask_pii(v) if isinstance(v, str) else None for v in frame[column]]
        got = [v if isinstance(v, str) else None for v in masked[column]]
        assert got == want
    assert masked["customers"].tolist() == frame["customers"].tolist()


def test_mask_output_reaches_inside_what_views_return():
    from dataclasses import dataclass

    @dataclass
    class Result:
        table: pd.DataFrame
        title: str
        names: list

    out = mask_output(Result(pd.DataFrame({"node": ["Signed up ann@example.org"]}), "jo@example.com", ["+1 415 555 0132"]))
    assert out.table["node"].tolist() == ["Signed up ***@example.org"]
    assert out.title == "***@example.com" and out.names == ["***"]
    assert mask_output({"k": ("x@example.com", 3)}) == {"k": ("***@example.com", 3)}


def test_reject_reasons_quote_no_contact_details():
    for reason in ['timestamp not understood: "john.doe@gmail.com"', 'timestamp not understood: "+44 20 7946 0123"',
                   "no identifier (email 'ann@example.org' is not an email)"]:
        masked = mask_pii(reason)
        assert "john.doe" not in masked and "7946 0123" not in masked and "ann@" not in masked
        assert re.match(r"(timestamp not understood|no identifier)", masked)
