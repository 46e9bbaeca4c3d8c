"""What the calendar prints or exports (day schedule, appointment card, .ics); each one is audited."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from frontdesk.domain import schedule_time as st
from frontdesk.domain.formats import format_phone
from frontdesk.domain.permissions import Permission
from frontdesk.errors import NotFoundError, ValidationError
from frontdesk.models import AppointmentEvent, Patient, Practice, Provider
from frontdesk.reports.appointment_card import AppointmentCard
from frontdesk.reports.day_schedule import DaySheet, DaySheetRow, ProviderSheet
from frontdesk.reports.ics import IcsEvent
from frontdesk.services._base import Tx, operation
from frontdesk.services.scheduling._booking import load_appointment
from frontdesk.services.scheduling._schedule_queries import appointment_infos, appointments_for_day
from frontdesk.domain.names import provider_display_name
from frontdesk.domain.appointment_statuses import CANCELLED
from frontdesk.services._practice_clock import schedule_settings


def _practice(tx: Tx) -> Practice:
    practice = tx.session.scalar(select(Practice).limit(1))
    if practice is None:
        raise NotFoundError("The practice has not been set up yet.")
    return practice


def _address(p: Practice) -> str:
    street = ", ".join(part for part in (p.address_line1, p.address_line2) if part)
    return f"{street}, {p.city}, {p.state} {p.zip_code}"


@operation(Permission.VIEW_SCHEDULE, write=True)
def day_sheet(tx: Tx, day: date, provider_ids: list[int] | None = None, *,
              include_inactive: bool = False) -> DaySheet:
    """The data of a printed day schedule for some providers (None = every active provider)."""
    if not isinstance(day, date):
        raise ValidationError("day", "Choose a date.")
    st.check_year(day, "day")
    tz = schedule_settings(tx.session).tz
    stmt = select(Provider).order_by(Provider.last_name, Provider.first_name)
    if provider_ids is None:
        chosen = list(tx.session.scalars(stmt.where(Provider.active.is_(True))))
    else:
        found = {p.id: p for p in tx.session.scalars(stmt.where(Provider.id.in_(provider_ids)))}
        chosen = [found[i] for i in dict.fromkeys(provider_ids) if i in found]
    rows = appointments_for_day(tx.session, day, [p.id for p in chosen], include_inactive=include_inactive, tz=tz)
    sheets = tuple(ProviderSheet(p.id, provider_display_name(p.first_name, p.last_name, p.credential), tuple(
        DaySheetRow(a.start, a.end, a.patient_id, a.patient_name, a.patient_phone, a.type_name, a.reason,
                    a.room_name, a.status_label) for a in rows if a.provider_id == p.id)) for p in chosen)
    tx.audit("schedule.print", entity_type="schedule", entity_id=day.isoformat(),
             detail=f"{len(chosen)} providers, {len(rows)} appointments")
    return DaySheet(_practice(tx).legal_name, day, st.utc_now().astimezone(tz), sheets)


@operation(Permission.VIEW_SCHEDULE, write=True)
def appointment_card(tx: Tx, appointment_id: int) -> AppointmentCard:
    """The data of the card handed to the patient."""
    appt = load_appointment(tx.session, appointment_id)
    info = appointment_infos(tx.session, [appt.id])[0]
    patient = tx.session.get(Patient, appt.patient_id)
    first = (getattr(patient, "preferred_name", "") or patient.first_name) if patient else ""
    practice = _practice(tx)
    tx.audit("appointment.card", entity_type="appointment", entity_id=appt.id, patient_id=appt.patient_id)
    return AppointmentCard(practice.legal_name, _address(practice), practice.phone,
                           f"{first} {patient.last_name if patient else ''}".strip(), info.provider_name,
                           info.start, info.end)


@operation(Permission.VIEW_SCHEDULE, write=True)
def appointment_calendar_event(tx: Tx, appointment_id: int) -> IcsEvent:
    """The appointment as a calendar event for the patient's own calendar (no visit details)."""
    appt = load_appointment(tx.session, appointment_id)
    info = appointment_infos(tx.session, [appt.id])[0]
    practice = _practice(tx)
    moves = tx.session.scalar(select(func.count()).select_from(AppointmentEvent).where(
        AppointmentEvent.appointment_id == appt.id, AppointmentEvent.kind == "move")) or 0
    uid = f"appointment-{appt.id}-{appt.created_at.strftime('%Y%m%dT%H%M%S')}@frontdesk"
    description = (f"{practice.legal_name}\nPhone: {format_phone(practice.phone)}\n"
                   "To cancel or reschedule, please call at least 24 hours ahead.")
    tx.audit("appointment.ics", entity_type="appointment", entity_id=appt.id, patient_id=appt.patient_id)
    return IcsEvent(uid, info.start_utc, info.end_utc, st.utc_now(), f"Appointment with {info.provider_name}",
                    f"{practice.legal_name}, {_address(practice)}", description, moves, appt.status == CANCELLED)
