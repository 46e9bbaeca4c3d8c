"""Input rules for patient payments: methods, check numbers, card fields, and no full card numbers anywhere."""

from __future__ import annotations

import re
from datetime import date

from frontdesk.domain.card_numbers import clean_note, refuse_card_number
from frontdesk.errors import ValidationError
from frontdesk.services.payments.payment_types import PAYMENT_METHODS

_CHECK_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,11}$")
_AUTH_RE = re.compile(r"^[A-Za-z0-9]{1,12}$")
EARLIEST_PAYMENT = date(2000, 1, 1)


def clean_reversal_reason(value: object, what: str) -> str:
    """Why ``what`` (an entry, a posting) is reversed: required, 3-200 characters, no card number."""
    why = clean_note(value, "reason", "The reason", limit=200, required=True)
    if len(why) < 3:
        raise ValidationError("reason", f"Say in a few words why this {what} is reversed.")
    return why


def clean_method(value: object, *, allowed: tuple[str, ...] = tuple(PAYMENT_METHODS)) -> str:
    """cash, check or card (case-insensitive); ValidationError on 'method' otherwise."""
    method = str(value or "").strip().lower()
    if method not in allowed:
        names = ", ".join(PAYMENT_METHODS[m].lower() for m in allowed)
        raise ValidationError("method", f"Choose how the money was paid: {names}.")
    return method


def clean_check_number(value: object, method: str) -> str:
    """The check number a check needs (never with other methods), as printed on the check."""
    number = str(value or "").strip()
    if method != "check":
        if number:
            raise ValidationError("check_number", "A check number goes only with a check.")
        return ""
    if not number:
        raise ValidationError("check_number", "The check number is required for a check.")
    refuse_card_number(number, "check_number", "The check number")
    if not _CHECK_RE.match(number):
        raise ValidationError("check_number", "A check number is 1 to 12 letters or digits (as printed on the check).")
    return number


def clean_card(last4: object, auth_code: object, method: str) -> tuple[str, str]:
    """(last 4 digits, authorization code) for a card payment; both blank for anything else."""
    last4_text = str(last4 or "").strip()
    auth_text = str(auth_code or "").strip()
    refuse_card_number(last4_text, "card_last4", "The card digits")
    refuse_card_number(auth_text, "card_auth_code", "The authorization code")
    if method != "card":
        if last4_text or auth_text:
            raise ValidationError("card_last4", "Card digits and an authorization code go only with a card payment.")
        return "", ""
    if not (len(last4_text) == 4 and last4_text.isascii() and last4_text.isdigit()):
        raise ValidationError("card_last4", "Type the last 4 digits of the card (only those 4).")
    if not _AUTH_RE.match(auth_text):
        raise ValidationError("card_auth_code", "Type the authorization code from the card terminal "
                                                "(letters and digits, up to 12).")
    return last4_text, auth_text.upper()


def clean_payment_date(value: object, *, today: date, field: str = "received_on") -> date:
    """The date money changed hands: None = today; not in the future, not absurdly old."""
    if value is None:
        return today
    if not isinstance(value, date):
        raise ValidationError(field, "The date is not a date (MM/DD/YYYY).")
    if value > today:
        raise ValidationError(field, f"The date {value:%m/%d/%Y} is in the future.")
    if value < EARLIEST_PAYMENT:
        raise ValidationError(field, f"The date {value:%m/%d/%Y} is too far in the past; check the year.")
    return value


def clean_line_ids(value: object, field: str = "apply_to") -> list[int]:
    """Service line ids in the order given, without repeats."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise ValidationError(field, "Choose the charges to apply the payment to.")
    seen: list[int] = []
    for item in value:  # type: ignore[union-attr]
        if isinstance(item, bool) or not isinstance(item, int):
            raise ValidationError(field, "Choose the charges to apply the payment to.")
        if item not in seen:
            seen.append(item)
    return seen
