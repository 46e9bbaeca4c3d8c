"""NUCC value formatting: names, addresses, ZIP, phone, dates, money columns, diagnosis codes."""

# Fixed dates are data here: they are formatted for the form, never compared with today.

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk.domain.claim_form import Address, PersonName
from frontdesk.errors import ValidationError
from frontdesk.reports.cms1500 import text as t


def test_person_name_uses_commas_keeps_hyphens_drops_other_punctuation() -> None:
    assert t.person_name(PersonName("O'Brien-Smith", "Mary", "Ann")) == "OBRIEN-SMITH, MARY, A"
    assert t.person_name(PersonName("de la Cruz", "José", "", "Jr.")) == "DE LA CRUZ JR, JOSE"
    assert t.person_name(PersonName("St. John", "A.J.")) == "ST JOHN, A J"
    assert t.natural_name(PersonName("Nguyen", "Linh", "Thi")) == "LINH T NGUYEN"


def test_address_has_no_punctuation_and_zip_plus_four_has_no_hyphen() -> None:
    address = Address("123 N. Main Street, #101", "", "St. Louis", "mo", "631011234")
    assert t.street(address) == "123 N MAIN STREET 101"
    assert t.city_state_zip(address) == "ST LOUIS MO 631011234"
    assert t.zip_code("62704") == "62704"


def test_phone_split_into_area_code_and_number() -> None:
    assert t.phone_parts("(217) 555-0142") == ("217", "5550142")
    assert t.phone_parts("+1 217 555 0142") == ("217", "5550142")
    assert t.phone_parts("555-0142") == ("", "")


def test_dates_six_digits_birth_dates_eight() -> None:
    assert t.date_parts(date(2026, 1, 5)) == ("01", "05", "26")
    assert t.date_parts(date(1982, 11, 30), long_year=True) == ("11", "30", "1982")
    assert t.date6(date(2026, 11, 3)) == "11 03 26"
    assert t.date6(None) == ""


def test_diagnosis_codes_lose_the_period() -> None:
    assert t.diagnosis("J06.9") == "J069"
    assert t.diagnosis("s52.521a") == "S52521A"


@given(st.integers(min_value=0, max_value=9_999_999))
def test_money_columns_hold_the_exact_amount(cents: int) -> None:
    dollars, cent_text = t.money_parts(cents, 5)
    assert len(dollars) == 5 and len(cent_text) == 2 and cent_text.isdigit()
    assert int(dollars) * 100 + int(cent_text) == cents
    assert "$" not in dollars and "." not in dollars and "," not in dollars


def test_money_too_large_or_negative_is_refused() -> None:
    with pytest.raises(ValidationError):
        t.money_parts(10_000_000, 5)
    with pytest.raises(ValidationError):
        t.money_parts(-1, 5)
