"""Procedure code, modifier, place-of-service and NDC parsing."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk.domain.procedure_codes import (
    NDC_UNITS,
    PLACES_OF_SERVICE,
    clean_modifiers,
    clean_ndc,
    clean_ndc_quantity,
    clean_place_of_service,
    clean_procedure_code,
)
from frontdesk.errors import ValidationError

DIGITS = "0123456789"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@pytest.mark.parametrize("typed, expected", [
    ("99213", ("99213", "cpt")), (" 0001f ", ("0001F", "cpt")), ("0042T", ("0042T", "cpt")),
    ("j1100", ("J1100", "hcpcs")), ("G0008", ("G0008", "hcpcs")), ("9 9 2 1 3", ("99213", "cpt")),
])
def test_procedure_codes_accepted(typed: str, expected: tuple[str, str]) -> None:
    assert clean_procedure_code(typed) == expected


@pytest.mark.parametrize("typed", ["9921", "992134", "0001U", "J110", "JJ100", "99.21", "١٢٣٤٥", "0001X", "F"])
def test_procedure_codes_refused_with_the_field(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_procedure_code(typed, "line_code")
    assert caught.value.field == "line_code" and "CPT" in caught.value.message


def test_blank_procedure_code_says_what_to_type() -> None:
    with pytest.raises(ValidationError, match="Type a procedure code"):
        clean_procedure_code("  ")


@given(st.text(alphabet=DIGITS, min_size=5, max_size=5))
def test_any_five_digits_are_cpt(code: str) -> None:
    assert clean_procedure_code(code) == (code, "cpt")


@given(st.text(alphabet=DIGITS, min_size=4, max_size=4), st.sampled_from("FTft"))
def test_four_digits_and_f_or_t_are_cpt(digits: str, letter: str) -> None:
    assert clean_procedure_code(digits + letter) == (digits + letter.upper(), "cpt")


@given(st.sampled_from(LETTERS), st.text(alphabet=DIGITS, min_size=4, max_size=4))
def test_a_letter_and_four_digits_are_hcpcs(letter: str, digits: str) -> None:
    assert clean_procedure_code(letter.lower() + digits) == (letter + digits, "hcpcs")


@given(st.text(max_size=8))
def test_anything_else_is_refused_not_crashed(text: str) -> None:
    compact = "".join(text.split()).upper()
    valid = bool(re.fullmatch(r"[0-9]{5}|[0-9]{4}[FT]|[A-Z][0-9]{4}", compact, flags=re.ASCII))
    try:
        code, system = clean_procedure_code(text)
    except ValidationError:
        assert not valid
    else:
        assert valid and code == compact and system in ("cpt", "hcpcs")


@pytest.mark.parametrize("typed", ["25 59", "25,59", "25, 59", ["25", "59"], ["25 59"], "25;59"])
def test_modifier_spellings(typed: object) -> None:
    assert clean_modifiers(typed) == ("25", "59")  # type: ignore[arg-type]


def test_modifiers_upper_case_and_blank() -> None:
    assert clean_modifiers("gt rt") == ("GT", "RT")
    assert clean_modifiers("") == () and clean_modifiers([]) == () and clean_modifiers("  ") == ()


@pytest.mark.parametrize("typed, words", [
    ("25 25", "twice"), ("25 59 76 77 91", "At most 4"), ("2", "not a modifier"), ("255", "not a modifier"),
    ("2-", "not a modifier"),
])
def test_modifiers_refused(typed: str, words: str) -> None:
    with pytest.raises(ValidationError, match=words) as caught:
        clean_modifiers(typed, "line_modifiers")
    assert caught.value.field == "line_modifiers"


@given(st.lists(st.text(alphabet=DIGITS + LETTERS, min_size=2, max_size=2), max_size=6),
       st.sampled_from([" ", ",", ", "]))
def test_modifier_lists_round_trip(items: list[str], separator: str) -> None:
    typed = separator.join(m.lower() for m in items)
    if len(set(items)) == len(items) and len(items) <= 4:
        assert clean_modifiers(typed) == tuple(items)
    else:
        with pytest.raises(ValidationError):
            clean_modifiers(typed)


def test_places_of_service() -> None:
    assert PLACES_OF_SERVICE["11"] == "Office" and PLACES_OF_SERVICE["12"] == "Home"
    assert {"02", "10", "20", "21", "22", "23", "31", "32", "99"} <= set(PLACES_OF_SERVICE)
    assert all(re.fullmatch(r"[0-9]{2}", code) for code in PLACES_OF_SERVICE)
    assert len(PLACES_OF_SERVICE) >= 50
    assert clean_place_of_service(" 11 ") == "11" and clean_place_of_service("2") == "02"
    for bad in ("00", "30", "ab", "111", ""):
        with pytest.raises(ValidationError) as caught:
            clean_place_of_service(bad, "pos")
        assert caught.value.field == "pos"


@pytest.mark.parametrize("typed, expected", [
    ("12345-6789-01", "12345678901"), ("1234-5678-90", "01234567890"), ("12345-678-90", "12345067890"),
    ("12345-6789-1", "12345678901"), ("12345678901", "12345678901"), (" ", ""),
])
def test_ndc_padding(typed: str, expected: str) -> None:
    assert clean_ndc(typed) == expected


@pytest.mark.parametrize("typed", ["1234567890", "123-4567-89", "12345-6789-012", "abcde-fghi-jk", "1234-567-89",
                                   "12345-6789", "123456789012"])
def test_ndc_refused(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_ndc(typed, "line_ndc")
    assert caught.value.field == "line_ndc"


def test_ndc_units_and_quantity() -> None:
    assert set(NDC_UNITS) == {"F2", "GR", "ME", "ML", "UN"}
    assert clean_ndc_quantity("1") == "1" and clean_ndc_quantity("01.50") == "1.5"
    assert clean_ndc_quantity(".25") == "0.25" and clean_ndc_quantity("10") == "10"
    for bad in ("0", "0.000", "-1", "1.2345", "abc", "", "1e3"):
        with pytest.raises(ValidationError) as caught:
            clean_ndc_quantity(bad)
        assert caught.value.field == "ndc_quantity"
    with pytest.raises(TypeError):
        clean_ndc_quantity(1.5)
