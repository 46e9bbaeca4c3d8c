"""Where a booking would go, one visit or each week of a series, before anything is written (never commits).

Shared by booking (appointments) and by the series check that lists free weeks and next openings
(series_plan), so both see the same occurrences, lengths and rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from frontdesk.domain import schedule_time as st
from frontdesk.domain.text import clean_text
from frontdesk.errors import FieldErrors, ValidationError
from frontdesk.models import AppointmentType, ExamRoom, Patient, Provider
from frontdesk.services.scheduling._booking import (
    active_room, active_type, bookable_patient, check_type_offered, resolve_times,
)
from frontdesk.services._lookups import active_provider
from frontdesk.services.scheduling._schedule_hours import ScheduleCalendar
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.services.scheduling._schedule_rules import Placement
from frontdesk.services.scheduling.appointment_types import BookingRequest, Recurrence

MAX_OCCURRENCES = 104  # two years of weekly visits

Span = tuple[datetime, datetime]  # UTC start and end of one visit


@dataclass(frozen=True)
class PlannedBooking:
    """The checked who/with whom/what of a booking and the UTC span of each of its visits."""

    patient: Patient
    provider: Provider
    appt_type: AppointmentType
    room: ExamRoom | None
    minutes: int
    tz: ZoneInfo
    slot_minutes: int
    spans: list[Span]
    reason: str = ""
    notes: str = ""

    def placement(self, span: Span) -> Placement:
        return Placement(self.patient.id, self.provider.id, self.room.id if self.room else None, span[0], span[1])

    def calendar(self, session: Session, spans: list[Span], extra_days: int = 0) -> ScheduleCalendar:
        """The provider's hours rules from the day before the first span to ``extra_days`` after the last."""
        return ScheduleCalendar(session, [self.provider.id], st.local_date(spans[0][0], self.tz) - timedelta(days=1),
                                st.local_date(spans[-1][1], self.tz) + timedelta(days=1 + extra_days), self.tz)

    def local_day(self, span: Span) -> date:
        return st.local_date(span[0], self.tz)


def occurrence_starts(start: datetime, recurrence: Recurrence | None, tz: ZoneInfo) -> list[datetime]:
    """Local wall-clock starts of each occurrence (same local time every week, whatever DST does)."""
    if recurrence is None:
        return [start]
    every = recurrence.every_weeks
    if isinstance(every, bool) or not isinstance(every, int) or not 1 <= every <= 52:
        raise ValidationError("recurrence", "Repeat every 1 to 52 weeks.")
    if (recurrence.count is None) == (recurrence.until is None):
        raise ValidationError("recurrence", "Give either a number of visits or an end date.")
    local = start.astimezone(tz).replace(tzinfo=None) if start.tzinfo else start
    step = timedelta(weeks=every)
    if recurrence.count is not None:
        count = recurrence.count
        if isinstance(count, bool) or not isinstance(count, int) or not 2 <= count <= MAX_OCCURRENCES:
            raise ValidationError("recurrence", f"A series has 2 to {MAX_OCCURRENCES} visits.")
    else:
        until = recurrence.until
        if not isinstance(until, date):
            raise ValidationError("recurrence", "The end date must be a date.")
        st.check_year(until, "recurrence")
        if until <= local.date():
            raise ValidationError("recurrence", "The series must end after its first visit.")
        count = (until - local.date()).days // (7 * every) + 1
        if count > MAX_OCCURRENCES:
            raise ValidationError("recurrence", f"A series has at most {MAX_OCCURRENCES} visits; choose an earlier "
                                                "end date.")
    # Only the first visit keeps the caller's fold; later weeks are never in a repeated hour by accident.
    return [local if k == 0 else (local + k * step).replace(fold=0) for k in range(count)]


def clean_visit_texts(reason: object, notes: object) -> tuple[str, str]:
    """The reason for visit and the notes of an appointment, cleaned."""
    return (clean_text(reason, "reason", "Reason for visit", max_len=200),
            clean_text(notes, "notes", "Notes", max_len=1000, multiline=True))


def plan_booking(session: Session, req: BookingRequest, recurrence: Recurrence | None) -> PlannedBooking:
    """Check the request's patient, provider, type, room, times and texts; every visit's span (none is written).

    Every wrong field is reported at once, in the form's order.
    """
    settings = schedule_settings(session)
    tz = settings.tz
    errors = FieldErrors()
    patient = errors.check(bookable_patient, session, req.patient_id)
    provider = errors.check(active_provider, session, req.provider_id)
    appt_type = errors.check(active_type, session, req.type_id)
    room = errors.check(active_room, session, req.room_id)
    # (a wrong type is reported above; 1 minute only stands in for its default length meanwhile)
    times = errors.check(resolve_times, req.start, req.end, req.length_minutes,
                         appt_type.default_minutes if appt_type is not None else 1, tz)
    texts = errors.check(clean_visit_texts, req.reason, req.notes)
    errors.raise_any()
    assert patient is not None and provider is not None and appt_type is not None and times and texts
    check_type_offered(session, appt_type, provider)
    first_utc, first_end, minutes = times
    spans = [(first_utc, first_end)]
    for local in occurrence_starts(req.start, recurrence, tz)[1:]:
        start = st.to_utc(local, tz, "start")
        spans.append((start, start + timedelta(minutes=minutes)))
    return PlannedBooking(patient, provider, appt_type, room, minutes, tz, settings.slot_minutes, spans, *texts)


def without_skipped(plan: PlannedBooking, skip_dates: tuple[date, ...]) -> list[Span]:
    """The series' spans minus the visits on ``skip_dates`` (local days), each of which must be one of its visits."""
    if not skip_dates:
        return plan.spans
    if isinstance(skip_dates, (str, date)) or not all(isinstance(d, date) for d in skip_dates):
        raise ValidationError("skip_dates", "The visits to leave out must be given as dates.")
    days = {plan.local_day(span) for span in plan.spans}
    unknown = sorted(set(skip_dates) - days)
    if unknown:
        raise ValidationError("skip_dates", f"{unknown[0]:%m/%d/%Y} is not a visit of this series.")
    kept = [span for span in plan.spans if plan.local_day(span) not in set(skip_dates)]
    if not kept:
        raise ValidationError("skip_dates", "Every visit of the series would be left out; nothing would be booked.")
    return kept
