"""No card numbers in free text: a payment note, a check number or a day-close note never holds a full PAN."""

from __future__ import annotations

import re

from frontdesk.errors import ValidationError

# 13-19 digits, optionally grouped by single spaces, dots or hyphens: the shape of a card number (PAN).
# Refused whatever the Luhn digit says: a mistyped card number is still a card number.
_PAN_RE = re.compile(r"(?<![0-9])[0-9](?:[ .-]?[0-9]){12,18}(?![0-9])")


def has_card_number(text: str) -> bool:
    """True when ``text`` holds something shaped like a full card number (13-19 digits)."""
    return bool(_PAN_RE.search(text))


def refuse_card_number(text: str, field: str, label: str) -> None:
    """ValidationError on ``field`` when ``text`` holds what looks like a full card number."""
    if has_card_number(text):
        raise ValidationError(field, f"{label} looks like it holds a full card number. Never store card numbers: "
                                     f"keep only the last 4 digits and the authorization code.")


def clean_note(value: object, field: str, label: str, *, limit: int, required: bool = False) -> str:
    """Free text (note, reason): trimmed, length-checked, and refused if it carries a card number."""
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise ValidationError(field, f"{label} is required.")
    if len(text) > limit:
        raise ValidationError(field, f"{label} is too long (at most {limit} characters).")
    if any(ord(ch) < 32 and ch not in "\t" for ch in text):
        raise ValidationError(field, f"{label} cannot contain line breaks or control characters.")
    refuse_card_number(text, field, label)
    return text
