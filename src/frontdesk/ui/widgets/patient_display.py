"""How a patient's name, birth date and age read on screen (pure functions, no Qt)."""

from __future__ import annotations

from datetime import date

from frontdesk.domain.formats import age_on, format_date

SEX_LABELS = {"F": "Female (F)", "M": "Male (M)"}


def display_name(last: str, first: str, middle: str = "") -> str:
    """'Last, First M.' as the front desk reads a chart label."""
    name = f"{last}, {first}"
    return f"{name} {middle[:1]}." if middle else name


def age_text(dob: date, today: date) -> str:
    """'64 y' for adults and children; '8 mo' under two years, where months matter (on the practice's ``today``)."""
    years = age_on(dob, today)
    if years >= 2:
        return f"{years} y"
    months = (today.year - dob.year) * 12 + today.month - dob.month - (today.day < dob.day)
    return f"{max(months, 0)} mo"


def dob_with_age(dob: date, today: date) -> str:
    """'03/14/1962 (64 y)'."""
    return f"{format_date(dob)} ({age_text(dob, today)})"


def sex_label(code: str) -> str:
    """'Female (F)' / 'Male (M)'; anything else as stored."""
    return SEX_LABELS.get(code, code)


def address_lines(line1: str, line2: str, city: str, state: str, zip_code: str) -> str:
    """A mailing address on up to three lines; empty when none was given."""
    city_line = ", ".join(part for part in (city, f"{state} {zip_code}".strip()) if part)
    return "\n".join(part for part in (line1, line2, city_line) if part)
