"""What the calendar shows: day and week views (appointments, hours, blockouts, holidays), a patient's
visits and attendance counts, and an appointment's history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import Permission
from frontdesk.errors import ValidationError
from frontdesk.models import Appointment, AppointmentEvent, ExamRoom, Provider, User
from frontdesk.services._base import Tx, operation
from frontdesk.services.scheduling._booking import load_appointment
from frontdesk.services.scheduling._schedule_hours import ScheduleCalendar
from frontdesk.services.scheduling._schedule_queries import (
    appointment_infos, appointments_between, patient_status_counts,
)
from frontdesk.domain.names import provider_display_name
from frontdesk.services.scheduling.appointment_types import AppointmentInfo
from frontdesk.domain.appointment_statuses import CANCELLED, NO_SHOW
from frontdesk.services._practice_clock import schedule_settings

MAX_VIEW_DAYS = 31


@dataclass(frozen=True)
class BlockInfo:
    start: datetime
    end: datetime
    kind: str
    reason: str


@dataclass(frozen=True)
class ProviderDay:
    """One provider's day for shading the grid: working intervals, blockouts, holiday name (times local)."""

    provider_id: int
    day: date
    hours: tuple[tuple[datetime, datetime], ...]
    blocks: tuple[BlockInfo, ...]
    holiday: str | None


@dataclass(frozen=True)
class ScheduleView:
    first_day: date
    days: int
    time_zone: str
    slot_minutes: int
    provider_ids: tuple[int, ...]
    appointments: tuple[AppointmentInfo, ...]
    provider_days: tuple[ProviderDay, ...]


@dataclass(frozen=True)
class Attendance:
    """A patient's missed visits: totals and no-shows in the last ``recent_days`` days."""

    no_shows: int
    cancellations: int
    late_cancellations: int
    recent_no_shows: int
    recent_days: int


@dataclass(frozen=True)
class AppointmentEventInfo:
    at: datetime
    username: str
    kind: str
    status: str
    from_start: datetime | None
    from_end: datetime | None
    from_provider_name: str
    from_room_name: str
    note: str


def _view(tx: Tx, first_day: date, days: int, provider_ids: list[int] | None, include_inactive: bool
          ) -> ScheduleView:
    if not isinstance(first_day, date):
        raise ValidationError("day", "Choose a date.")
    st.check_year(first_day, "day")
    settings = schedule_settings(tx.session)
    tz = settings.tz
    if provider_ids is None:
        provider_ids = list(tx.session.scalars(select(Provider.id).where(Provider.active.is_(True))
                                               .order_by(Provider.last_name, Provider.first_name)))
    last_day = first_day + timedelta(days=days - 1)
    start, end = st.day_bounds_utc(first_day, tz)[0], st.day_bounds_utc(last_day, tz)[1]
    appointments = appointments_between(tx.session, start, end, provider_ids, include_inactive=include_inactive,
                                        tz=tz)
    calendar = ScheduleCalendar(tx.session, provider_ids, first_day, last_day, tz)
    provider_days = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        for pid in provider_ids:
            provider_days.append(ProviderDay(
                pid, day, tuple((s.astimezone(tz), e.astimezone(tz)) for s, e in calendar.hours(pid, day)),
                tuple(BlockInfo(b.start.astimezone(tz), b.end.astimezone(tz), b.kind, b.reason)
                      for b in calendar.blocks(pid, day)), calendar.holiday(day)))
    return ScheduleView(first_day, days, tz.key, settings.slot_minutes, tuple(provider_ids), tuple(appointments),
                        tuple(provider_days))


@operation(Permission.VIEW_SCHEDULE, write=False)
def day_view(tx: Tx, day: date, provider_ids: list[int] | None = None, *,
             include_inactive: bool = False) -> ScheduleView:
    """One local day for the chosen providers (None = all active); cancelled/no-show only when asked."""
    return _view(tx, day, 1, provider_ids, include_inactive)


@operation(Permission.VIEW_SCHEDULE, write=False)
def week_view(tx: Tx, first_day: date, provider_ids: list[int] | None = None, *, days: int = 7,
              include_inactive: bool = False) -> ScheduleView:
    """Several days (a week by default) for the chosen providers."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_VIEW_DAYS:
        raise ValidationError("days", f"Show 1 to {MAX_VIEW_DAYS} days.")
    return _view(tx, first_day, days, provider_ids, include_inactive)


@operation(Permission.VIEW_SCHEDULE, write=False)
def patient_appointments(tx: Tx, patient_id: int, *, upcoming_only: bool = True, limit: int = 100
                         ) -> list[AppointmentInfo]:
    """A patient's appointments: upcoming ones first-to-last, or all of them most recent first."""
    stmt = select(Appointment.id).where(Appointment.patient_id == patient_id)
    if upcoming_only:
        stmt = stmt.where(Appointment.end_utc > st.utc_now(), Appointment.status.not_in((CANCELLED, NO_SHOW)))
        stmt = stmt.order_by(Appointment.start_utc)
    else:
        stmt = stmt.order_by(Appointment.start_utc.desc())
    ids = list(tx.session.scalars(stmt.limit(max(1, min(limit, 1000)))))
    infos = appointment_infos(tx.session, ids)
    return infos if upcoming_only else sorted(infos, key=lambda a: a.start_utc, reverse=True)


@operation(Permission.VIEW_SCHEDULE, write=False)
def patient_attendance(tx: Tx, patient_id: int, recent_days: int = 365) -> Attendance:
    """No-show and cancellation counts for a patient (cancelled and no-show visits are kept and counted)."""
    if isinstance(recent_days, bool) or not isinstance(recent_days, int) or not 1 <= recent_days <= 36500:
        raise ValidationError("recent_days", "Recent means 1 to 36500 days.")
    totals = patient_status_counts(tx.session, patient_id)
    now = st.utc_now()
    recent = patient_status_counts(tx.session, patient_id, since_utc=now - timedelta(days=recent_days))
    late = tx.session.scalar(select(func.count()).select_from(Appointment).where(
        Appointment.patient_id == patient_id, Appointment.status == CANCELLED, Appointment.late_cancel.is_(True)))
    # Recent no-shows are visits that already started; a future one cannot be a no-show anyway.
    return Attendance(totals.get(NO_SHOW, 0), totals.get(CANCELLED, 0), late or 0, recent.get(NO_SHOW, 0), recent_days)


@operation(Permission.VIEW_SCHEDULE, write=False)
def appointment_history(tx: Tx, appointment_id: int) -> list[AppointmentEventInfo]:
    """Every step of an appointment: booking, status changes (time and user), moves with where it was."""
    appt = load_appointment(tx.session, appointment_id)
    tz = schedule_settings(tx.session).tz
    rows = tx.session.execute(select(AppointmentEvent, User.username)
                              .outerjoin(User, User.id == AppointmentEvent.user_id)
                              .where(AppointmentEvent.appointment_id == appt.id)
                              .order_by(AppointmentEvent.at, AppointmentEvent.id)).all()
    providers = {p.id: provider_display_name(p.first_name, p.last_name, p.credential)
                 for p in tx.session.scalars(select(Provider))}
    rooms = dict(tx.session.execute(select(ExamRoom.id, ExamRoom.name)).all())
    return [AppointmentEventInfo(
        e.at.astimezone(tz), username or "", e.kind, e.status,
        e.from_start_utc.astimezone(tz) if e.from_start_utc else None,
        e.from_end_utc.astimezone(tz) if e.from_end_utc else None,
        providers.get(e.from_provider_id, "") if e.from_provider_id else "",
        rooms.get(e.from_room_id, "") if e.from_room_id else "", e.note) for e, username in rows]
