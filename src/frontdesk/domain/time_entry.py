"""Times of day as a receptionist types them ("3:15 PM", "15:15", "315p", "9a", "1215"), and shown back
in US format ("3:15 PM"). Qt-free: the time field and any future CLI read times through ``parse_time``."""

from __future__ import annotations

import re
from datetime import datetime, time

from frontdesk.errors import ValidationError

_MAX_TEXT = 20
# Hours, then optional minutes (two digits, after ':' or '.' or straight on: "915", "9:15", "9.15"), then an
# optional AM/PM ("a", "am", "a.m.", "p", "pm", "p.m.", any case). ASCII digits only ("\d" takes other scripts).
_TIME_RE = re.compile(
    r"^(?P<hour>[0-9]{1,2})(?:[:.]?(?P<minute>[0-9]{2}))?\s*(?:(?P<half>[ap])\.?\s*(?:m\.?)?)?$",
    re.IGNORECASE)
_WORDS = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}
EXAMPLES = "3:15 PM, 15:15 or 315p"


def format_time(value: time | datetime) -> str:
    """'9:05 AM', '3:15 PM', '12:00 PM' (a datetime is shown in its own zone: pass practice-local values)."""
    return value.strftime("%I:%M %p").lstrip("0")


def parse_time(text: str, field: str = "time", label: str = "Time") -> time:
    """A time of day from what was typed; ValidationError naming ``field`` when it is not one.

    With AM/PM the hour is 1-12 ("12a" is midnight, "12p" noon); without, it is the 24-hour clock
    ("15:15", "0915", "9" = 9:00 AM). Minutes are two digits. Nothing is guessed or rounded: "13:75" and
    "25p" are refused rather than turned into some other time.
    """
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise ValidationError(field, f"{label} is required; type it like {EXAMPLES}.")
    shown = cleaned if len(cleaned) <= _MAX_TEXT else cleaned[:_MAX_TEXT] + "..."
    if cleaned.lower() in _WORDS:
        return _WORDS[cleaned.lower()]
    match = _TIME_RE.match(cleaned) if len(cleaned) <= _MAX_TEXT else None
    if match is None:
        raise ValidationError(field, f"{label}: \u201c{shown}\u201d is not a time; type it like {EXAMPLES}.")
    hour = int(match.group("hour"))
    minute = int(match.group("minute") or 0)
    half = (match.group("half") or "").lower()
    if minute > 59:
        raise ValidationError(field, f"{label}: \u201c{shown}\u201d has {minute} minutes; an hour has 0 to 59.")
    if half:
        if not 1 <= hour <= 12:
            raise ValidationError(field, f"{label}: \u201c{shown}\u201d is not a time; with AM or PM the hour is "
                                         "1 to 12.")
        hour = hour % 12 + (12 if half == "p" else 0)
    elif hour > 23:
        raise ValidationError(field, f"{label}: \u201c{shown}\u201d is not a time; the hour is 0 to 23 "
                                     "(or 1 to 12 with AM or PM).")
    return time(hour, minute)
