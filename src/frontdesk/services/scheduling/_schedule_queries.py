"""Calendar query helpers: take a session, never commit; build the frozen results the calendar shows."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from frontdesk.domain import schedule_time as st
from frontdesk.models import Appointment, AppointmentType, ExamRoom, Patient, Provider
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.services.scheduling.appointment_types import MAX_LENGTH, AppointmentInfo
from frontdesk.domain.appointment_statuses import INACTIVE_STATUSES, OPEN_STATUSES

def _info_select() -> Select:  # type: ignore[type-arg]
    return (select(Appointment.id, Appointment.patient_id, Patient.first_name.label("p_first"),
                   Patient.last_name.label("p_last"), Patient.phone, Appointment.provider_id,
                   Provider.first_name.label("d_first"), Provider.last_name.label("d_last"), Provider.credential,
                   Appointment.room_id, ExamRoom.name.label("room_name"), Appointment.type_id,
                   AppointmentType.name.label("type_name"), AppointmentType.colour, Appointment.start_utc,
                   Appointment.end_utc, Appointment.length_minutes, Appointment.status, Appointment.status_at,
                   Appointment.reason, Appointment.notes, Appointment.series_id, Appointment.cancel_reason,
                   Appointment.late_cancel, Appointment.override_rules, Appointment.override_reason)
            .join(Patient, Patient.id == Appointment.patient_id)
            .join(Provider, Provider.id == Appointment.provider_id)
            .join(AppointmentType, AppointmentType.id == Appointment.type_id)
            .outerjoin(ExamRoom, ExamRoom.id == Appointment.room_id))


def _to_info(row, tz: ZoneInfo) -> AppointmentInfo:  # type: ignore[no-untyped-def]
    # Positional unpacking (in _info_select's column order): named access per field costs a week view ~30%.
    (appt_id, patient_id, p_first, p_last, phone, provider_id, d_first, d_last, credential, room_id, room_name,
     type_id, type_name, colour, start, end, minutes, status, status_at, reason, notes, series_id, cancel_reason,
     late_cancel, override_rules, override_reason) = row
    return AppointmentInfo(
        appt_id, patient_id, f"{p_last}, {p_first}", phone, provider_id,
        f"{d_first} {d_last}, {credential}" if credential else f"{d_first} {d_last}", room_id, room_name or "",
        type_id, type_name, colour, start.astimezone(tz), end.astimezone(tz), minutes, status, status_at, reason,
        notes, series_id, cancel_reason, late_cancel, override_rules, override_reason)


def appointment_infos(session: Session, ids: list[int], tz: ZoneInfo | None = None) -> list[AppointmentInfo]:
    """The given appointments (in start order), as AppointmentInfo."""
    if not ids:
        return []
    tz = tz or schedule_settings(session).tz
    rows = session.execute(_info_select().where(Appointment.id.in_(ids)).order_by(Appointment.start_utc,
                                                                                  Appointment.id))
    return [_to_info(r, tz) for r in rows]


def appointments_between(session: Session, start_utc: datetime, end_utc: datetime,
                         provider_ids: list[int] | None = None, *, include_inactive: bool = False,
                         tz: ZoneInfo | None = None) -> list[AppointmentInfo]:
    """Appointments overlapping [start_utc, end_utc), ordered by start then provider.

    ``provider_ids`` None means every provider. Cancelled and no-show visits only with ``include_inactive``.
    """
    tz = tz or schedule_settings(session).tz
    stmt = _info_select().where(Appointment.start_utc >= start_utc - MAX_LENGTH, Appointment.start_utc < end_utc,
                                Appointment.end_utc > start_utc)
    if provider_ids is not None:
        if not provider_ids:
            return []
        stmt = stmt.where(Appointment.provider_id.in_(provider_ids))
    if not include_inactive:
        stmt = stmt.where(Appointment.status.not_in(INACTIVE_STATUSES))
    stmt = stmt.order_by(Appointment.start_utc, Appointment.provider_id, Appointment.id)
    return [_to_info(r, tz) for r in session.execute(stmt)]


def appointments_for_day(session: Session, day: date, provider_ids: list[int] | None = None, *,
                         include_inactive: bool = False, tz: ZoneInfo | None = None) -> list[AppointmentInfo]:
    """One local calendar day (23 or 25 hours on daylight-saving change days) of appointments."""
    tz = tz or schedule_settings(session).tz
    start, end = st.day_bounds_utc(day, tz)
    return appointments_between(session, start, end, provider_ids, include_inactive=include_inactive, tz=tz)


def overlapping_ids(session: Session, column: InstrumentedAttribute[int | None], value: int, start_utc: datetime,
                    end_utc: datetime, exclude_ids: frozenset[int] = frozenset()
                    ) -> list[tuple[int, datetime, datetime]]:
    """Active appointments where ``column == value`` overlapping [start, end): (id, start, end) rows.

    Overlap is start < other_end AND end > other_start; cancelled and no-show visits never count.
    """
    stmt = (select(Appointment.id, Appointment.start_utc, Appointment.end_utc)
            .where(column == value, Appointment.start_utc < end_utc,
                   Appointment.start_utc >= start_utc - MAX_LENGTH, Appointment.end_utc > start_utc,
                   Appointment.status.not_in(INACTIVE_STATUSES))
            .order_by(Appointment.start_utc))
    return [(r.id, r.start_utc, r.end_utc) for r in session.execute(stmt) if r.id not in exclude_ids]


def busy_by_provider(session: Session, provider_ids: list[int], start_utc: datetime, end_utc: datetime
                     ) -> dict[int, list[tuple[datetime, datetime]]]:
    """Each provider's booked (active) intervals overlapping the window, sorted by start."""
    busy: dict[int, list[tuple[datetime, datetime]]] = {p: [] for p in provider_ids}
    if not provider_ids:
        return busy
    # The end is start + length (always stored together): one timestamp to parse per row, not two.
    stmt = (select(Appointment.provider_id, Appointment.start_utc, Appointment.length_minutes)
            .where(Appointment.provider_id.in_(provider_ids), Appointment.start_utc < end_utc,
                   Appointment.start_utc >= start_utc - MAX_LENGTH, Appointment.end_utc > start_utc,
                   Appointment.status.not_in(INACTIVE_STATUSES))
            .order_by(Appointment.provider_id, Appointment.start_utc))
    minute = timedelta(minutes=1)
    for provider_id, start, minutes in session.execute(stmt):
        busy[provider_id].append((start, start + minutes * minute))
    return busy


def patient_status_counts(session: Session, patient_id: int, since_utc: datetime | None = None
                          ) -> dict[str, int]:
    """How many of the patient's appointments have each status (optionally only those starting after a time)."""
    stmt = select(Appointment.status, func.count()).where(Appointment.patient_id == patient_id)
    if since_utc is not None:
        stmt = stmt.where(Appointment.start_utc >= since_utc)
    return dict(session.execute(stmt.group_by(Appointment.status)).all())


def next_appointment_id(session: Session, patient_id: int, after_utc: datetime, exclude_id: int | None = None
                        ) -> int | None:
    """The patient's next active appointment starting after a time."""
    stmt = (select(Appointment.id).where(Appointment.patient_id == patient_id, Appointment.start_utc > after_utc,
                                         Appointment.status.in_(OPEN_STATUSES))
            .order_by(Appointment.start_utc).limit(2))
    for appointment_id in session.scalars(stmt):
        if appointment_id != exclude_id:
            return appointment_id
    return None


def series_member_ids(session: Session, series_id: int, *, from_utc: datetime | None = None) -> list[int]:
    """Open (scheduled or confirmed) occurrences of a series, optionally only those starting at/after a time."""
    cond = [Appointment.series_id == series_id, Appointment.status.in_(OPEN_STATUSES)]
    if from_utc is not None:
        cond.append(Appointment.start_utc >= from_utc)
    return list(session.scalars(select(Appointment.id).where(and_(*cond)).order_by(Appointment.start_utc)))
