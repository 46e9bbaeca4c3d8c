"""Parsing dates the way people type them at a US front desk."""

from __future__ import annotations

import calendar
import re
from datetime import date

from frontdesk.errors import ValidationError

MAX_AGE_YEARS = 130

_PATTERNS = (
    re.compile(r"^(?P<m>\d{1,2})[/.-](?P<d>\d{1,2})[/.-](?P<y>\d{4}|\d{2})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<m>\d{2})(?P<d>\d{2})(?P<y>\d{4})$"),
    re.compile(r"^(?P<m>\d{2})(?P<d>\d{2})(?P<y>\d{2})$"),
)


def parse_us_date(text: str, *, today: date | None, past: bool = True) -> date | None:
    """03/14/1962, 3/14/62, 03141962, 1962-03-14 -> date; None if it is not a date.

    Two-digit years resolve to the past when ``past`` (a birth date): 62 -> 1962, 05 -> 2005, seen from
    ``today`` (the practice's date: the caller passes it, never the workstation's; None only when not ``past``).
    """
    if past and today is None:
        raise TypeError("parse_us_date(past=True) needs the practice's today")
    text = (text or "").strip()
    for pattern in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        year_text = m.group("y")
        year = int(year_text)
        if len(year_text) == 2:
            year += 2000
            if past and today is not None and year > today.year:
                year -= 100
        try:
            return date(year, int(m.group("m")), int(m.group("d")))
        except ValueError:
            return None
    return None


def clean_birth_date(value: date | str | None, field: str = "dob", label: str = "Date of birth",
                     *, today: date) -> date:
    if value is None or value == "":
        raise ValidationError(field, f"{label} is required.")
    if isinstance(value, str):
        parsed = parse_us_date(value, today=today)
        if parsed is None:
            raise ValidationError(field, f"{label} is not a real date; type it as MM/DD/YYYY.")
        value = parsed
    if value > today:
        raise ValidationError(field, f"{label} cannot be in the future.")
    if value.year < today.year - MAX_AGE_YEARS or (today.year - value.year == MAX_AGE_YEARS and
                                                   (value.month, value.day) < (today.month, today.day)):
        raise ValidationError(field, f"{label} is more than {MAX_AGE_YEARS} years ago; check the year.")
    return value


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, clamped to the month's end (Jan 31 + 1 month = Feb 28/29)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
