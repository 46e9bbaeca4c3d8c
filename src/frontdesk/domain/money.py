"""Money as Decimal end to end: parsing what people type, and integer cents for storage (never floats)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from frontdesk.errors import ValidationError

CENT = Decimal("0.01")
# Far above any front-desk amount, far below where Decimal or a 64-bit integer column could misbehave.
MAX_AMOUNT = Decimal("99999999.99")
_MAX_TEXT = 40
# "1234", "1,234.5", "$1,234.56", "-$5", "$-5", ".75"; ASCII digits only ("\d" would accept other scripts).
_MONEY_RE = re.compile(
    r"^(?P<sign1>[-+])?\s*\$?\s*(?P<sign2>[-+])?\s*"
    r"(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.(?P<frac>[0-9]*))?$"
)

# The start of an amount as it is being typed ("", "$", "1,", "1,23", "12.", "-$5.2"): what a money field lets
# through key by key. "70.70.00", "1.234", "1234,5", "1,,2", "12a" can never become an amount, so they are
# refused as typed. Digit groups between commas may be short ("1,34,567"), so deleting a digit in the
# middle is never blocked; whether the whole is an amount is parse_money's job.
_MONEY_PREFIX_RE = re.compile(
    r"^[-+]?\s*\$?\s*[-+]?\s*(?:[0-9]{0,3}(?:,[0-9]{1,3})+,?|[0-9]{1,3},|[0-9]*)(?:\.[0-9]{0,2})?$"
)


def could_be_money(text: str) -> bool:
    """Whether ``text`` is an amount or the start of one as typed (at most 2 decimals, commas every 3 digits)."""
    return len(text) <= _MAX_TEXT and _MONEY_PREFIX_RE.match(text.strip()) is not None


def _from_text(text: str, field: str, label: str) -> Decimal:
    text = text.strip()
    if not text:
        raise ValidationError(field, f"{label} is required.")
    if len(text) > _MAX_TEXT:
        raise ValidationError(field, f"{label} is too long to be an amount.")
    match = _MONEY_RE.match(text)
    if match is None or (match.group("sign1") and match.group("sign2")) or not (
            match.group("whole") or match.group("frac")):
        raise ValidationError(field, f"{label} is not an amount; type it like 25.00 or $1,234.56.")
    whole = (match.group("whole") or "0").replace(",", "")
    frac = match.group("frac") or ""
    sign = "-" if "-" in (match.group("sign1") or "", match.group("sign2") or "") else ""
    return Decimal(f"{sign}{whole}.{frac or '0'}")


def parse_money(value: object, field: str, label: str, *, allow_zero: bool = True, allow_negative: bool = False,
                maximum: Decimal | None = None) -> Decimal:
    """Text as typed (or a Decimal/int) -> a Decimal with exactly two decimals; ValidationError names ``field``.

    Amounts with fractions of a cent are refused rather than rounded: rounding would silently change
    what the person typed. Floats are a programming error (binary fractions are not cents): TypeError.
    """
    if isinstance(value, float):
        raise TypeError("money must never be a float; pass the text as typed or a Decimal")
    if isinstance(value, bool):
        raise TypeError("a bool is not an amount of money")
    if isinstance(value, str):
        amount = _from_text(value, field, label)
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        if abs(value) > MAX_AMOUNT:
            raise ValidationError(field, f"{label} is too large.")
        amount = Decimal(value)
    elif value is None:
        raise ValidationError(field, f"{label} is required.")
    else:
        raise TypeError(f"cannot read money from {type(value).__name__}")
    if not amount.is_finite():
        raise ValidationError(field, f"{label} is not an amount.")
    limit = MAX_AMOUNT if maximum is None else min(maximum, MAX_AMOUNT)
    if abs(amount) > limit:
        raise ValidationError(field, f"{label} cannot be more than ${limit:,.2f}.")
    try:
        cents = amount.quantize(CENT)
    except InvalidOperation:  # an exponent the context cannot hold: not a real amount anyway
        raise ValidationError(field, f"{label} is not an amount.") from None
    if cents != amount:
        raise ValidationError(field, f"{label} cannot have fractions of a cent (at most 2 decimals).")
    if cents == 0:
        cents = Decimal("0.00")  # no "-0.00"
        if not allow_zero:
            raise ValidationError(field, f"{label} must be more than $0.00.")
    elif cents < 0 and not allow_negative:
        raise ValidationError(field, f"{label} cannot be negative.")
    return cents


def to_cents(amount: Decimal) -> int:
    """A Decimal of whole cents -> integer cents for storage; anything else is a programming error."""
    if not isinstance(amount, Decimal):
        raise TypeError("to_cents takes a Decimal (parse text with parse_money first)")
    if not amount.is_finite():
        raise ValueError("not a finite amount")
    scaled = amount.scaleb(2)
    if scaled != scaled.to_integral_value():
        raise ValueError("amount has fractions of a cent")
    return int(scaled)


def from_cents(cents: int) -> Decimal:
    """Integer cents from storage -> an exact Decimal with two decimals (built from digits, no rounding)."""
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise TypeError("from_cents takes an int")
    sign, digits, _exponent = Decimal(cents).as_tuple()
    return Decimal((sign, digits, -2))


def cents_or_none(cents: int | None) -> Decimal | None:
    """from_cents for nullable columns."""
    return None if cents is None else from_cents(cents)
