"""National Provider Identifier: 10 digits with a Luhn check digit over the 80840 prefix."""

from __future__ import annotations

from frontdesk.errors import ValidationError


def _luhn_total(digits: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:  # from the right, starting at the digit left of the check digit
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total


def npi_check_digit(first_nine: str) -> int:
    """Check digit for the first 9 digits (CMS: Luhn with the 80840 card-issuer prefix)."""
    total = _luhn_total("80840" + first_nine)
    return (10 - total % 10) % 10


def is_valid_npi(value: str) -> bool:
    return len(value) == 10 and value.isascii() and value.isdigit() and int(value[9]) == npi_check_digit(value[:9])


def validate_npi(value: str, field: str = "npi", label: str = "NPI") -> str:
    cleaned = (value or "").strip().replace(" ", "").replace("-", "")
    if not cleaned:
        raise ValidationError(field, f"{label} is required.")
    if len(cleaned) != 10 or not (cleaned.isascii() and cleaned.isdigit()):
        raise ValidationError(field, f"{label} must be exactly 10 digits.")
    if cleaned[0] not in "12":
        raise ValidationError(field, f"{label} must start with 1 or 2.")
    if not is_valid_npi(cleaned):
        raise ValidationError(field, f"{label} {cleaned} fails its check digit; please re-check it.")
    return cleaned
