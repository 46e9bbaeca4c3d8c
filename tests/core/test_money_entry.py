"""Money as it is typed: every start of an amount is let through key by key, what can never become an
amount ("70.70.00") is refused as typed, and nothing parse_money accepts is ever blocked (but zeros after
the cents, which the field stops as typed)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk.domain.formats import format_money
from frontdesk.domain.money import could_be_money, parse_money
from frontdesk.errors import ValidationError

amounts = st.decimals(min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"), places=2)


@pytest.mark.parametrize("text", ["", "$", "-", "7", "70", "70.", "70.7", "70.70", "$1,", "$1,2", "$1,234.56",
                                  "1234.5", "-$5", "$ 5.00", "1,34,567", ",234", " 25 "])
def test_amounts_and_their_starts_are_let_through(text: str) -> None:
    assert could_be_money(text)


@pytest.mark.parametrize("text", ["70.70.", "70.70.00", "1.234", "12a", "abc", "1,,2", "1234,5", "1,2345", "..",
                                  "$$5", "5$", "1e5", "\u0661\u0662", "7 0", "0x10", "1" * 41])
def test_what_can_never_be_an_amount_is_refused_as_typed(text: str) -> None:
    assert not could_be_money(text)


@pytest.mark.parametrize(("text", "amount"), [("$1,234.56", "1234.56"), ("1234.5", "1234.50"), ("70", "70.00")])
def test_the_final_value_is_read_by_parse_money(text: str, amount: str) -> None:
    assert could_be_money(text) and parse_money(text, "amount", "Amount") == Decimal(amount)


@given(amounts, st.sampled_from(["plain", "shown", "no_cents"]))
def test_every_prefix_of_an_amount_as_written_is_let_through(amount: Decimal, style: str) -> None:
    text = {"plain": f"{amount}", "shown": format_money(amount), "no_cents": f"{amount:.0f}"}[style]
    for end in range(len(text) + 1):
        assert could_be_money(text[:end]), text[:end]


@given(st.text(alphabet="0123456789.,$-+ ab", max_size=16))
def test_anything_parse_money_accepts_is_never_blocked(text: str) -> None:
    try:
        parse_money(text, "amount", "Amount", allow_negative=True)
    except ValidationError:
        return
    if re.search(r"\.[0-9]{3,}\s*$", text):  # zeros after the cents: see the test below
        return
    assert could_be_money(text)




def test_the_field_is_stricter_than_parse_money_only_about_zeros_after_the_cents() -> None:
    """parse_money reads '25.500' as $25.50 (text from elsewhere, e.g. a file); the field stops a third decimal as
    it is typed, so a person never sees an amount they did not mean. Nonzero fractions of a cent: both refuse."""
    assert parse_money("25.500", "amount", "Amount") == Decimal("25.50") and not could_be_money("25.500")
    with pytest.raises(ValidationError, match="fractions of a cent"):
        parse_money("25.501", "amount", "Amount")
    assert not could_be_money("25.501")
