"""Booking input checks shared by the calendar services: who, with whom, what, when (never commits)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.domain import schedule_time as st
from frontdesk.errors import NotFoundError, ValidationError
from frontdesk.models import Appointment, AppointmentEvent, AppointmentType, ExamRoom, Patient, Provider
from frontdesk.models.scheduling import appointment_type_provider
from frontdesk.services._base import Tx, require_actor
from frontdesk.services.scheduling.appointment_types import MAX_LENGTH_MINUTES
from frontdesk.domain.appointment_statuses import CANCELLED
from frontdesk.services._lookups import int_id, provider_label

LATE_CANCEL_HOURS = 24

_PATIENT_REFUSALS = {
    "inactive": "This patient's record is inactive; reactivate it before booking.",
    "deceased": "This patient is recorded as deceased; no appointment can be booked.",
    "merged": "This record was merged into another one; book on the surviving record.",
}


def bookable_patient(session: Session, patient_id: object) -> Patient:
    """The patient, if they may be booked (status active; records without a status count as active)."""
    patient = session.get(Patient, int_id(patient_id, "patient_id", "patient"))
    if patient is None:
        raise NotFoundError("That patient record no longer exists.")
    status = getattr(patient, "status", "active") or "active"
    if status != "active":
        raise ValidationError("patient_id", _PATIENT_REFUSALS.get(status, f"This patient's record is {status}; "
                                                                             "only active patients can be booked."))
    return patient


def active_type(session: Session, type_id: object) -> AppointmentType:
    appt_type = session.get(AppointmentType, int_id(type_id, "type_id", "appointment type"))
    if appt_type is None:
        raise NotFoundError("That appointment type no longer exists.")
    if not appt_type.active:
        raise ValidationError("type_id", f"The appointment type {appt_type.name} is no longer offered.")
    return appt_type


def check_type_offered(session: Session, appt_type: AppointmentType, provider: Provider) -> None:
    """A type with a provider list is only booked with those providers (no list = every provider)."""
    offered = set(session.scalars(select(appointment_type_provider.c.provider_id)
                                  .where(appointment_type_provider.c.type_id == appt_type.id)))
    if offered and provider.id not in offered:
        raise ValidationError("provider_id", f"{provider_label(provider)} does not offer {appt_type.name}.")


def active_room(session: Session, room_id: object) -> ExamRoom | None:
    if room_id is None:
        return None
    room = session.get(ExamRoom, int_id(room_id, "room_id", "room"))
    if room is None:
        raise NotFoundError("That room no longer exists.")
    if not room.active:
        raise ValidationError("room_id", f"Room {room.name} is out of use.")
    return room


def clean_length(value: object, field: str = "length_minutes") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, "Length must be a whole number of minutes.")
    if value <= 0:
        raise ValidationError(field, "Length must be at least 1 minute.")
    if value > MAX_LENGTH_MINUTES:
        raise ValidationError(field, "Length cannot be over 12 hours.")
    return value


def resolve_times(start: object, end: object, length_minutes: object, default_minutes: int,
                  tz: ZoneInfo) -> tuple[datetime, datetime, int]:
    """(start_utc, end_utc, minutes) from a start plus either an end or a length (the type's default if neither)."""
    if not isinstance(start, datetime):
        raise ValidationError("start", "Choose a date and a time.")
    start_utc = st.to_utc(start, tz, "start")
    if end is not None:
        if not isinstance(end, datetime):
            raise ValidationError("end", "The end must be a date and a time.")
        end_utc = st.to_utc(end, tz, "end")
        if end_utc <= start_utc:
            raise ValidationError("end", "The end must be after the start.")
        minutes = clean_length(st.minutes_between(start_utc, end_utc), "end")
        if length_minutes is not None and clean_length(length_minutes) != minutes:
            raise ValidationError("length_minutes", "Length and end time disagree; give one of them.")
        return start_utc, end_utc, minutes
    minutes = clean_length(default_minutes if length_minutes is None else length_minutes)
    return start_utc, start_utc + timedelta(minutes=minutes), minutes


def load_appointment(session: Session, appointment_id: object) -> Appointment:
    appt = session.get(Appointment, int_id(appointment_id, "appointment_id", "appointment"))
    if appt is None:
        raise NotFoundError("That appointment no longer exists.")
    return appt


def add_event(session: Session, appt: Appointment, kind: str, user_id: int | None, *, note: str = "",
              from_place: tuple[datetime, datetime, int, int | None] | None = None) -> None:
    """Append one history step; ``from_place`` = (start_utc, end_utc, provider_id, room_id) before a move."""
    event = AppointmentEvent(appointment_id=appt.id, at=st.utc_now(), user_id=user_id, kind=kind,
                             status=appt.status, note=note[:500])
    if from_place is not None:
        event.from_start_utc, event.from_end_utc, event.from_provider_id, event.from_room_id = from_place
    session.add(event)


def set_status(tx: Tx, appt: Appointment, status: str, note: str = "") -> None:
    """Change the status, stamping time and user, with a history step and an audit row."""
    actor = require_actor(tx)
    old = appt.status
    now = st.utc_now()
    appt.status, appt.status_at, appt.status_by, appt.updated_at = status, now, actor.user_id, now
    add_event(tx.session, appt, "status", actor.user_id, note=note)
    tx.audit("appointment.status", entity_type="appointment", entity_id=appt.id, patient_id=appt.patient_id,
             detail=f"{old} -> {status}")
    tx.changed("appointments")


def cancel(tx: Tx, appt: Appointment, reason: str) -> None:
    """Cancel with a (clean) reason; under 24 hours before the start it is a late cancel."""
    appt.cancel_reason = reason
    appt.late_cancel = appt.start_utc - st.utc_now() < timedelta(hours=LATE_CANCEL_HOURS)
    set_status(tx, appt, CANCELLED, "late cancel" if appt.late_cancel else "")
