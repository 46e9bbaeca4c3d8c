"""Waitlist: patients who want an earlier slot with their preferred providers, days and times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import insert, select

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.errors import NotFoundError, ValidationError
from frontdesk.models import Patient, WaitlistEntry
from frontdesk.models.appointment import waitlist_provider
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services.scheduling._booking import active_type, bookable_patient, clean_length, load_appointment
from frontdesk.services._lookups import active_provider
from frontdesk.domain.names import patient_display_name
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.services.scheduling._waitlist_match import (
    WaitlistMatch,
    entry_providers,
    left_free,
    match_waitlist,
    slot_matches,
    weekday_mask,
)

__all__ = ["WaitlistEntryInfo", "WaitlistInput", "WaitlistMatch", "add_to_waitlist", "close_waitlist_entry",
           "list_waitlist", "matching_waitlist", "waitlist_after_move"]

CLOSE_REASONS = ("booked", "withdrawn", "expired")


@dataclass(frozen=True)
class WaitlistInput:
    """Who waits for what: a length (or a type's default), preferred providers/weekdays/times (empty = any)."""

    patient_id: int
    length_minutes: int | None = None
    type_id: int | None = None
    provider_ids: tuple[int, ...] = ()
    weekdays: tuple[int, ...] = ()  # 0 = Monday
    earliest: time | None = None
    latest: time | None = None
    until: date | None = None  # stop matching after this day
    appointment_id: int | None = None  # their current (later) appointment, if any
    note: str = ""


@dataclass(frozen=True)
class WaitlistEntryInfo:
    id: int
    patient_id: int
    patient_name: str
    patient_phone: str
    type_id: int | None
    length_minutes: int
    provider_ids: tuple[int, ...]
    weekdays: tuple[int, ...]
    earliest: time | None
    latest: time | None
    until: date | None
    appointment_id: int | None
    note: str
    active: bool
    closed_reason: str
    created_at: datetime


def _info(entry: WaitlistEntry, patient: Patient, providers: tuple[int, ...]) -> WaitlistEntryInfo:
    days = tuple(d for d in range(7) if entry.weekdays & (1 << d))
    return WaitlistEntryInfo(entry.id, entry.patient_id, patient_display_name(patient.first_name, patient.last_name),
                             patient.phone, entry.type_id, entry.length_minutes, providers, days,
                             entry.earliest_time, entry.latest_time, entry.until_day, entry.appointment_id,
                             entry.note, entry.active, entry.closed_reason, entry.created_at)


@operation(Permission.BOOK_APPOINTMENTS)
def add_to_waitlist(tx: Tx, data: WaitlistInput) -> WaitlistEntryInfo:
    """Put a patient on the waitlist for an earlier slot."""
    actor = require_actor(tx)
    patient = bookable_patient(tx.session, data.patient_id)
    appt_type = active_type(tx.session, data.type_id) if data.type_id is not None else None
    if data.length_minutes is None and appt_type is None:
        raise ValidationError("length_minutes", "Give a length or an appointment type.")
    default = appt_type.default_minutes if appt_type is not None else 0
    length = clean_length(data.length_minutes if data.length_minutes is not None else default)
    providers = [active_provider(tx.session, p, "provider_ids").id for p in dict.fromkeys(data.provider_ids)]
    if any(isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= 6 for d in data.weekdays):
        raise ValidationError("weekdays", "Weekdays are 0 (Monday) to 6 (Sunday).")
    for value, field in ((data.earliest, "earliest"), (data.latest, "latest")):
        if value is not None and not isinstance(value, time):
            raise ValidationError(field, "Give a time of day.")
    if data.earliest is not None and data.latest is not None and data.latest <= data.earliest:
        raise ValidationError("latest", "The latest time must be after the earliest time.")
    if data.until is not None:
        if not isinstance(data.until, date):
            raise ValidationError("until", "Give a date.")
        st.check_year(data.until, "until")
    if data.appointment_id is not None and load_appointment(tx.session, data.appointment_id).patient_id != patient.id:
        raise ValidationError("appointment_id", "That appointment belongs to another patient.")
    entry = WaitlistEntry(patient_id=patient.id, type_id=appt_type.id if appt_type else None, length_minutes=length,
                          weekdays=weekday_mask(data.weekdays), earliest_time=data.earliest, latest_time=data.latest,
                          until_day=data.until, appointment_id=data.appointment_id,
                          note=clean_text(data.note, "note", "Note", max_len=500, multiline=True), active=True,
                          created_at=st.utc_now(), created_by=actor.user_id)
    tx.session.add(entry)
    tx.session.flush()
    if providers:
        tx.session.execute(insert(waitlist_provider), [{"entry_id": entry.id, "provider_id": p} for p in providers])
    tx.audit("waitlist.add", entity_type="waitlist_entry", entity_id=entry.id, patient_id=patient.id)
    tx.changed("waitlist")
    return _info(entry, patient, tuple(sorted(providers)))


@operation(Permission.VIEW_SCHEDULE, write=False)
def list_waitlist(tx: Tx, *, include_closed: bool = False) -> list[WaitlistEntryInfo]:
    """Waitlist entries, longest waiting first."""
    stmt = select(WaitlistEntry, Patient).join(Patient, Patient.id == WaitlistEntry.patient_id)
    if not include_closed:
        stmt = stmt.where(WaitlistEntry.active.is_(True))
    rows = tx.session.execute(stmt.order_by(WaitlistEntry.created_at, WaitlistEntry.id)).all()
    providers = entry_providers(tx.session, [e.id for e, _p in rows])
    return [_info(e, p, providers.get(e.id, ())) for e, p in rows]


@operation(Permission.BOOK_APPOINTMENTS)
def close_waitlist_entry(tx: Tx, entry_id: int, reason: str = "booked") -> None:
    """Take an entry off the waitlist (booked, withdrawn or expired); it stays in the history."""
    if reason not in CLOSE_REASONS:
        raise ValidationError("reason", "Reason must be booked, withdrawn or expired.")
    entry = tx.session.get(WaitlistEntry, entry_id)
    if entry is None:
        raise NotFoundError("That waitlist entry no longer exists.")
    if not entry.active:
        return
    entry.active, entry.closed_reason, entry.closed_at = False, reason, st.utc_now()
    tx.audit("waitlist.close", entity_type="waitlist_entry", entity_id=entry.id, patient_id=entry.patient_id,
             detail=reason)
    tx.changed("waitlist")


@operation(Permission.VIEW_SCHEDULE, write=False)
def matching_waitlist(tx: Tx, provider_id: int, start: datetime, end: datetime) -> list[WaitlistMatch]:
    """Waitlisted patients who fit a slot that just opened (cancellation, no-show, new hours).

    ``start``/``end`` are aware instants or naive practice-local times.
    """
    tz = schedule_settings(tx.session).tz
    start_utc, end_utc = st.to_utc(start, tz, "start"), st.to_utc(end, tz, "end")
    if end_utc <= start_utc:
        raise ValidationError("end", "The end must be after the start.")
    return match_waitlist(tx.session, provider_id, start_utc, end_utc, tz)


@operation(Permission.VIEW_SCHEDULE, write=False)
def waitlist_after_move(tx: Tx, appointment_id: int, provider_id: int, start: datetime, end: datetime
                        ) -> tuple[WaitlistMatch, ...]:
    """Who on the waitlist could take the time a just-moved appointment left (its place before the move:
    ``provider_id``, ``start``-``end``), as a cancellation or no-show offers it.

    Only the part the appointment no longer covers counts (a visit moved 15 minutes later frees 15 minutes),
    and only what is still ahead; the moved patient is never offered their own old time.
    """
    appt = load_appointment(tx.session, appointment_id)
    tz = schedule_settings(tx.session).tz
    old = st.to_utc(start, tz, "start"), st.to_utc(end, tz, "end")
    if old[1] <= old[0]:
        raise ValidationError("end", "The end must be after the start.")
    freed = left_free(old, (appt.start_utc, appt.end_utc) if appt.provider_id == provider_id else None)
    if freed is None:
        return ()
    return slot_matches(tx.session, provider_id, freed[0], freed[1], st.utc_now(), tz, appt.patient_id)
