"""The appointment as the calendar, lists and printouts show it, and the longest appointment: plain values.

The statuses themselves are a domain rule (``frontdesk.domain.appointment_statuses``) every area reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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
