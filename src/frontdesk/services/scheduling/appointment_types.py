"""The appointment as the calendar, lists and printouts show it, what the booking form asks for (a request,
its recurrence) and the longest appointment: plain values.

The statuses themselves are a domain rule (``frontdesk.domain.appointment_statuses``) every area reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from frontdesk.domain.appointment_statuses import INACTIVE_STATUSES, STATUS_LABELS

MAX_LENGTH_MINUTES = 12 * 60
# No appointment is longer than this, so "starts before the window's end and after (window start - 12 h)"
# is an index range that finds every appointment overlapping the window.
MAX_LENGTH = timedelta(minutes=MAX_LENGTH_MINUTES)


@dataclass(frozen=True)
class AppointmentInfo:
    """One appointment as the calendar, lists and printouts show it (times aware, practice time zone)."""

    id: int
    patient_id: int
    patient_name: str  # "Last, First"
    patient_phone: str  # E.164
    provider_id: int
    provider_name: str
    room_id: int | None
    room_name: str
    type_id: int
    type_name: str
    type_colour: str
    start: datetime
    end: datetime
    length_minutes: int
    status: str
    status_at: datetime
    reason: str
    notes: str
    series_id: int | None
    cancel_reason: str
    late_cancel: bool
    override_rules: str
    override_reason: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def start_utc(self) -> datetime:
        return self.start.astimezone(UTC)

    @property
    def end_utc(self) -> datetime:
        return self.end.astimezone(UTC)

    @property
    def is_active(self) -> bool:
        """False for cancelled and no-show visits (they hold no time)."""
        return self.status not in INACTIVE_STATUSES


@dataclass(frozen=True)
class BookingRequest:
    """What the booking form collects.

    ``start`` is a naive practice-local wall time (its ``fold`` picks the first or second 1:30 AM on a
    fall-back night) or an aware instant. Give ``length_minutes`` or ``end``; neither = the type's default.
    """

    patient_id: int
    provider_id: int
    type_id: int
    start: datetime
    length_minutes: int | None = None
    end: datetime | None = None
    room_id: int | None = None
    reason: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Recurrence:
    """Every ``every_weeks`` weeks at the same local time, ``count`` times or until ``until`` (inclusive)."""

    every_weeks: int = 1
    count: int | None = None
    until: date | None = None
