"""Properties of normalise_phone over generated numbers and text (hypothesis)."""
from __future__ import annotations

import re

import phonenumbers
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from journey_explorer.ingest.identities import normalise_phone

E164 = re.compile(r"\+[1-9]\d{6,14}")
REGIONS = ["US", "GB", "DE", "FR", "SE", "AU", "IN", "NL", "ES", "IT", "CA", "IE"]
FORMATS = [phonenumbers.PhoneNumberFormat.E164, phonenumbers.PhoneNumberFormat.INTERNATIONAL,
           phonenumbers.PhoneNumberFormat.RFC3966]
PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def valid_numbers(draw):
    """A valid number of a region: the region's example mobile or fixed-line number with its
    last digits replaced, kept only when phonenumbers calls the result valid."""
    region = draw(st.sampled_from(REGIONS))
    kind = draw(st.sampled_from([phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE]))
    example = phonenumbers.example_number_for_type(region, kind)
    national = str(example.national_number)
    tail = draw(st.text("0123456789", min_size=4, max_size=4))
    number = phonenumbers.parse(f"+{example.country_code}{national[:-4]}{tail}")
    if not phonenumbers.is_valid_number(number):
        number = example
    return region, number


def respaced(text: str, draw) -> str:
    """The same digits with other separators between groups, as people type them."""
    groups = re.findall(r"\+?\d+", text)
    separator = draw(st.sampled_from([" ", "-", ".", "  ", " - "]))
    return separator.join(groups)


@PROFILE
@given(st.text(max_size=40), st.sampled_from(REGIONS))
@example("(415) 555-0132", "US")
@example("not a phone", "US")
@example("\x00", "GB")
def test_any_text_gives_e164_or_nothing_and_never_raises(text, region):
    found = normalise_phone(text, region)
    assert found is None or E164.fullmatch(found), found


@PROFILE
@given(st.text(alphabet="0123456789 +-().", max_size=25), st.sampled_from(REGIONS))
def test_normalising_twice_changes_nothing(text, region):
    once = normalise_phone(text, region)
    if once is not None:
        assert normalise_phone(once, region) == once
        assert normalise_phone(once, "US") == once  # E.164 carries its country


@PROFILE
@given(valid_numbers(), st.sampled_from(FORMATS), st.data())
def test_every_way_of_writing_a_number_gives_the_same_e164(found, fmt, data):
    region, number = found
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    written = phonenumbers.format_number(number, fmt)
    assert normalise_phone(written, region) == e164
    # With its country code, the default country does not matter.
    other = data.draw(st.sampled_from(REGIONS))
    assert normalise_phone(written, other) == e164
    # Separators are the writer's taste.
    assert normalise_phone(respaced(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
                                    data.draw), other) == e164


@PROFILE
@given(valid_numbers(), st.data())
def test_a_national_number_is_read_in_the_default_country(found, data):
    region, number = found
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    assert normalise_phone(national, region) == e164
    assert normalise_phone(respaced(national, data.draw), region) == e164
    assert normalise_phone(f"  {national}\t", region.lower()) == e164
