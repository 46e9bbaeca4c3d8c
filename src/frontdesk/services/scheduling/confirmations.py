"""Confirmation calls: who to call for the next business days, and recording each call's outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.domain.time_entry import format_time
from frontdesk.errors import ConflictError, ValidationError
from frontdesk.models import ContactEvent, Holiday, Patient
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services.scheduling._booking import cancel, load_appointment, set_status
from frontdesk.services._contact_log import add_contact_event
from frontdesk.services.scheduling._schedule_queries import appointment_infos, appointments_between
from frontdesk.services.scheduling.appointment_types import AppointmentInfo
from frontdesk.domain.appointment_statuses import CONFIRMED, OPEN_STATUSES, SCHEDULED
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.services.scheduling._waitlist_match import WaitlistMatch, freed_matches

# Outcome code -> the words kept in the patient's contact history.
OUTCOMES = {
    "confirmed": "confirmed",
    "left_message": "left message",
    "no_answer": "no answer",
    "wrong_number": "wrong number",
    "cancelled": "cancelled",
}
MAX_BUSINESS_DAYS = 10


@dataclass(frozen=True)
class ConfirmationItem:
    """One appointment to confirm, with how the patient likes to be reached and the last call's outcome."""

    appointment: AppointmentInfo
    phone: str  # E.164
    preferred_contact: str  # phone, text, email, mail or '' (not recorded)
    voicemail_ok: bool
    text_ok: bool
    attempts: int
    last_outcome: str
    last_attempt_at: datetime | None


@dataclass(frozen=True)
class CallResult:
    appointment: AppointmentInfo
    contact_event_id: int
    waitlist_matches: tuple[WaitlistMatch, ...]


def _business_days_after(today: date, count: int, holidays: set[date]) -> list[date]:
    """The next ``count`` weekdays after ``today`` that are not practice holidays."""
    days: list[date] = []
    day = today
    while len(days) < count:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
    return days


@operation(Permission.BOOK_APPOINTMENTS, write=False)
def confirmation_list(tx: Tx, business_days: int = 2, *, include_confirmed: bool = False) -> list[ConfirmationItem]:
    """Appointments of the next ``business_days`` business days (Saturdays, Sundays and holidays skipped)
    still to confirm, in time order, with phone and preferred contact method."""
    if (isinstance(business_days, bool) or not isinstance(business_days, int)
            or not 1 <= business_days <= MAX_BUSINESS_DAYS):
        raise ValidationError("business_days", f"Look ahead 1 to {MAX_BUSINESS_DAYS} business days.")
    tz = schedule_settings(tx.session).tz
    today = st.local_date(st.utc_now(), tz)
    holidays = set(tx.session.scalars(select(Holiday.day).where(
        Holiday.day.between(today, today + timedelta(days=3 * business_days + 14)))))
    days = _business_days_after(today, business_days, holidays)
    wanted = set(OPEN_STATUSES) if include_confirmed else {SCHEDULED}
    items: list[AppointmentInfo] = []
    for day in days:
        start, end = st.day_bounds_utc(day, tz)
        items += [a for a in appointments_between(tx.session, start, end, None, tz=tz)
                  if a.status in wanted and a.start_utc >= start]
    patients = {p.id: p for p in tx.session.scalars(select(Patient).where(
        Patient.id.in_({a.patient_id for a in items})))} if items else {}
    history: dict[int, list[ContactEvent]] = {}
    if items:
        for event in tx.session.scalars(select(ContactEvent).where(
                ContactEvent.ref_type == "appointment", ContactEvent.kind == "confirmation",
                ContactEvent.ref_id.in_([a.id for a in items])).order_by(ContactEvent.at, ContactEvent.id)):
            history.setdefault(event.ref_id or 0, []).append(event)
    result = []
    for appt in items:
        patient = patients[appt.patient_id]
        calls = history.get(appt.id, [])
        result.append(ConfirmationItem(
            appt, patient.phone, getattr(patient, "preferred_contact", "") or "",
            bool(getattr(patient, "voicemail_ok", False)), bool(getattr(patient, "text_ok", False)), len(calls),
            calls[-1].outcome if calls else "", calls[-1].at if calls else None))
    return result


@operation(Permission.BOOK_APPOINTMENTS)
def record_confirmation_call(tx: Tx, appointment_id: int, outcome: str, note: str = "") -> CallResult:
    """Record one confirmation call in the patient's contact history and set the status
    (confirmed -> confirmed, cancelled -> cancelled; other outcomes leave it scheduled)."""
    actor = require_actor(tx)
    if outcome not in OUTCOMES:
        raise ValidationError("outcome", "Outcome must be confirmed, left message, no answer, wrong number or "
                                         "cancelled.")
    text = clean_text(note, "note", "Note", max_len=400, multiline=True)
    appt = load_appointment(tx.session, appointment_id)
    if appt.status not in OPEN_STATUSES:
        raise ConflictError(f"This appointment is {appt.status.replace('_', ' ')}; there is nothing to confirm.")
    tz = schedule_settings(tx.session).tz
    local = appt.start_utc.astimezone(tz)
    summary = (f"Confirmation call for the {local.strftime('%m/%d/%Y')} "
               f"{format_time(local)} appointment" + (f": {text}" if text else ""))
    event = add_contact_event(tx.session, patient_id=appt.patient_id, kind="confirmation", user_id=actor.user_id,
                              summary=summary, direction="out", outcome=OUTCOMES[outcome], ref_type="appointment",
                              ref_id=appt.id)
    matches: tuple[WaitlistMatch, ...] = ()
    if outcome == "confirmed" and appt.status == SCHEDULED:
        set_status(tx, appt, CONFIRMED, "confirmation call")
    elif outcome == "cancelled":
        cancel(tx, appt, ("Cancelled on confirmation call" + (f": {text}" if text else ""))[:200])
        matches = freed_matches(tx.session, appt, st.utc_now(), tz)
    tx.audit("appointment.confirm_call", entity_type="appointment", entity_id=appt.id, patient_id=appt.patient_id,
             detail=f"outcome {outcome}")
    tx.changed("appointments", "contacts")
    return CallResult(appointment_infos(tx.session, [appt.id], tz)[0], event.id, matches)
