"""An appointment as an iCalendar (.ics, RFC 5545) file: UTC times, escaped text, folded lines, no visit details.

Only what a patient asks to put in their own calendar goes in: the practice's name, address and phone,
the provider, the date and time. No reason, notes or patient name (the file may be emailed or synced).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime

from frontdesk.storage.atomic import write_atomically

PRODID = "-//FrontDesk//Appointment 1.0//EN"
_FOLD_OCTETS = 75


@dataclass(frozen=True)
class IcsEvent:
    uid: str  # stable per appointment, so a re-sent file updates the same calendar entry
    start: datetime  # aware
    end: datetime
    stamp: datetime  # when the file was made
    summary: str
    location: str
    description: str
    sequence: int = 0  # bumped by every move, so calendars take the newer time
    cancelled: bool = False


def escape_text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newlines escaped; other control characters dropped."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    return "".join(ch for ch in text if ch == "\t" or ord(ch) >= 0x20 and ord(ch) != 0x7F)


def _utc(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("iCalendar times must be aware")
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, never inside a UTF-8 character."""
    pieces: list[str] = []
    current, size = "", 0
    limit = _FOLD_OCTETS
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
            limit = _FOLD_OCTETS - 1  # continuation lines start with one space
        current += ch
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def appointment_ics(event: IcsEvent) -> str:
    """The .ics text (CRLF line ends) for one appointment."""
    if event.end <= event.start:
        raise ValueError("an event must end after it starts")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{_utc(event.stamp)}",
        f"DTSTART:{_utc(event.start)}",
        f"DTEND:{_utc(event.end)}",
        f"SEQUENCE:{int(event.sequence)}",
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
        f"SUMMARY:{escape_text(event.summary)}",
        f"LOCATION:{escape_text(event.location)}",
        f"DESCRIPTION:{escape_text(event.description)}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)


def write_ics(path: str | os.PathLike[str], event: IcsEvent) -> None:
    """Write the .ics file (UTF-8, CRLF) to ``path`` (temp file + rename)."""
    write_atomically(path, appointment_ics(event).encode("utf-8"), what="the calendar file")
