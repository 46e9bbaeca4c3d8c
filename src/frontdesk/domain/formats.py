"""US formats: phone numbers (phonenumbers), ZIP, state, EIN, taxonomy, dates and money on screen."""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo
from decimal import Decimal

import phonenumbers

from frontdesk.domain.time_entry import format_time
from frontdesk.errors import ValidationError

US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND "
    "OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI".split()
)
_ZIP_RE = re.compile(r"^\d{5}(-?\d{4})?$", re.ASCII)  # ASCII: \d alone also matches e.g. Arabic-Indic digits
_TAXONOMY_RE = re.compile(r"^\d{3}[0-9A-Z]{6}X$")


def parse_phone(value: str, field: str = "phone", label: str = "Phone", *, required: bool = False) -> str:
    """Parse any US way of writing a phone number; store E.164 ('+15551234567')."""
    text = (value or "").strip()
    if not text:
        if required:
            raise ValidationError(field, f"{label} is required.")
        return ""
    if len(text) > 40:
        raise ValidationError(field, f"{label} is too long.")
    try:
        number = phonenumbers.parse(text, "US")
    except phonenumbers.NumberParseException:
        raise ValidationError(field, f"{label} is not a phone number; type 10 digits, e.g. (555) 123-4567.") from None
    if not phonenumbers.is_possible_number(number) or not phonenumbers.is_valid_number(number):
        raise ValidationError(field, f"{label} is not a valid phone number; check the area code and digits.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """'+15551234567' -> '(555) 123-4567' on screen."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "US")
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 1:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_digits(e164: str) -> str:
    """National digits used as a search key ('5551234567')."""
    digits = "".join(ch for ch in e164 if ch.isdigit())
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def clean_state(value: str, field: str = "state", *, required: bool = True) -> str:
    text = (value or "").strip().upper()
    if not text and not required:
        return ""
    if text not in US_STATES:
        raise ValidationError(field, "State must be a two-letter US state code, e.g. NY.")
    return text


def clean_zip(value: str, field: str = "zip_code", *, required: bool = True) -> str:
    text = (value or "").strip()
    if not text and not required:
        return ""
    if not _ZIP_RE.match(text):
        raise ValidationError(field, "ZIP code must be 5 digits or ZIP+4 (12345-6789).")
    digits = text.replace("-", "")
    return digits if len(digits) == 5 else f"{digits[:5]}-{digits[5:]}"


def clean_ein(value: str, field: str = "ein") -> str:
    digits = (value or "").strip().replace("-", "")
    if len(digits) != 9 or not (digits.isascii() and digits.isdigit()):
        raise ValidationError(field, "EIN must be 9 digits (12-3456789).")
    return digits


def format_ein(digits: str) -> str:
    return f"{digits[:2]}-{digits[2:]}" if len(digits) == 9 else digits


def clean_taxonomy(value: str, field: str = "taxonomy", *, required: bool = True) -> str:
    text = (value or "").strip().upper()
    if not text and not required:
        return ""
    if not _TAXONOMY_RE.match(text):
        raise ValidationError(field, "Taxonomy code must be 10 characters ending in X, e.g. 207Q00000X.")
    return text


def format_date(value: date | datetime | None) -> str:
    return "" if value is None else value.strftime("%m/%d/%Y")


# Shown times: a stored UTC instant is always shown on the practice's wall clock (``tz``, the practice's
# time zone), never the workstation's, so every screen and paper agrees with the calendar.
def format_datetime(value: datetime | None, tz: tzinfo) -> str:
    """A UTC timestamp at the practice's clock as 03/14/2026 2:05 PM ('' for None)."""
    if value is None:
        return ""
    local = value.astimezone(tz)
    return local.strftime("%m/%d/%Y ") + format_time(local)


def format_clock(value: datetime, tz: tzinfo) -> str:
    """A UTC timestamp as the practice's wall-clock time: '3:42 PM'."""
    return format_time(value.astimezone(tz))


def format_stamp(value: datetime | None, tz: tzinfo) -> str:
    """A UTC timestamp at the practice's clock with seconds, as an audit trail needs: '03/14/2026 2:05:09 PM'."""
    if value is None:
        return ""
    local = value.astimezone(tz)
    return local.strftime("%m/%d/%Y ") + local.strftime("%I:%M:%S %p").lstrip("0")


def format_money(amount: Decimal | int) -> str:
    value = Decimal(amount)
    sign = "-" if value < 0 else ""
    return f"{sign}${abs(value):,.2f}"


def age_on(dob: date, today: date) -> int:
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
