"""domain.money: what people type becomes exact cents; fractions of a cent, NaN, huge and float amounts are refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontdesk.domain.formats import format_money
from frontdesk.domain.money import MAX_AMOUNT, cents_or_none, from_cents, parse_money, to_cents
from frontdesk.errors import ValidationError


@pytest.mark.parametrize("text, expected", [
    ("25", "25.00"), ("25.5", "25.50"), ("$25.50", "25.50"), (" $1,234.56 ", "1234.56"), (".75", "0.75"),
    ("7.", "7.00"), ("0", "0.00"), ("+3", "3.00"), ("1,000,000", "1000000.00"), ("25.500", "25.50"),
])
def test_typed_amounts(text: str, expected: str) -> None:
    value = parse_money(text, "copay", "Copay")
    assert value == Decimal(expected)
    assert value.as_tuple().exponent == -2


@pytest.mark.parametrize("text, message", [
    ("", "Copay is required"), ("   ", "Copay is required"), ("abc", "not an amount"), ("1,23", "not an amount"),
    ("12.345", "fractions of a cent"), ("0.001", "fractions of a cent"), ("$", "not an amount"),
    (".", "not an amount"), ("--5", "not an amount"), ("-$-5", "not an amount"), ("1e3", "not an amount"),
    ("NaN", "not an amount"), ("Infinity", "not an amount"), ("\u0661\u0662", "not an amount"),
    ("1" * 41, "too long"), ("100000000", "cannot be more than"), ("-5", "cannot be negative"),
])
def test_bad_text_names_the_field(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        parse_money(text, "copay", "Copay")
    assert caught.value.field == "copay"


def test_negative_zero_and_limits() -> None:
    assert parse_money("-5", "adjustment", "Adjustment", allow_negative=True) == Decimal("-5.00")
    assert parse_money("$-5.25", "adjustment", "Adjustment", allow_negative=True) == Decimal("-5.25")
    assert str(parse_money("-0", "amount", "Amount")) == "0.00"  # never "-0.00"
    with pytest.raises(ValidationError, match=r"more than \$0.00"):
        parse_money("0.00", "amount", "Amount", allow_zero=False)
    with pytest.raises(ValidationError, match=r"\$10,000.00"):
        parse_money("10000.01", "copay", "Copay", maximum=Decimal(10000))
    assert parse_money("10000", "copay", "Copay", maximum=Decimal(10000)) == Decimal("10000.00")
    assert parse_money(MAX_AMOUNT, "amount", "Amount") == MAX_AMOUNT


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("-Infinity"),
                                   Decimal("1E+999999"), Decimal("1E-999999"), Decimal("0.005"), 10**12])
def test_bad_decimals_and_ints(value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_money(value, "amount", "Amount")
    assert caught.value.field == "amount"


@pytest.mark.parametrize("value", [25.0, 0.1, float("nan"), True])
def test_floats_and_bools_are_refused(value: object) -> None:
    with pytest.raises(TypeError):
        parse_money(value, "amount", "Amount")
    with pytest.raises(TypeError):
        to_cents(value)  # type: ignore[arg-type]


def test_cents_round_trip_and_misuse() -> None:
    assert to_cents(Decimal("1234.56")) == 123456
    assert to_cents(Decimal("-0.01")) == -1
    assert from_cents(123456) == Decimal("1234.56") and str(from_cents(5)) == "0.05" and str(from_cents(0)) == "0.00"
    assert str(from_cents(-250)) == "-2.50"
    assert cents_or_none(None) is None and cents_or_none(1) == Decimal("0.01")
    with pytest.raises(ValueError):
        to_cents(Decimal("0.001"))
    with pytest.raises(ValueError):
        to_cents(Decimal("NaN"))
    with pytest.raises(TypeError):
        from_cents(True)
    with pytest.raises(TypeError):
        from_cents(1.5)  # type: ignore[arg-type]
    assert format_money(from_cents(123456)) == "$1,234.56"


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=50))
def test_any_text_is_an_amount_or_a_validation_error(text: str) -> None:
    try:
        value = parse_money(text, "amount", "Amount", allow_negative=True)
    except ValidationError as exc:
        assert exc.field == "amount"
    else:
        assert value.is_finite() and value == value.quantize(Decimal("0.01"))
        assert from_cents(to_cents(value)) == value


@settings(max_examples=400, deadline=None)
@given(st.decimals(allow_nan=True, allow_infinity=True))
def test_any_decimal_is_an_amount_or_a_validation_error(value: Decimal) -> None:
    try:
        parsed = parse_money(value, "amount", "Amount", allow_negative=True)
    except ValidationError as exc:
        assert exc.field == "amount"
        # Only fractions of a cent, non-finite or huge values are refused.
        assert not value.is_finite() or abs(value) > MAX_AMOUNT or value != value.quantize(Decimal("0.01"))
    else:
        assert parsed == value


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=-(10**10) + 1, max_value=10**10 - 1))
def test_cents_round_trip_exactly_through_text_and_decimal(cents: int) -> None:
    amount = from_cents(cents)
    assert to_cents(amount) == cents
    assert parse_money(str(amount), "amount", "Amount", allow_negative=True) == amount
    assert to_cents(parse_money(format_money(amount).replace("$", "", 1) if cents >= 0 else str(amount),
                                "amount", "Amount", allow_negative=True)) == cents


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"), places=2))
def test_two_decimal_values_round_trip(value: Decimal) -> None:
    parsed = parse_money(value, "amount", "Amount", allow_negative=True)
    assert parsed == value
    assert from_cents(to_cents(parsed)) == value
    assert parse_money(f"{value:,.2f}".replace("-", "-$", 1) if value < 0 else f"${value:,.2f}", "amount",
                       "Amount", allow_negative=True) == value
