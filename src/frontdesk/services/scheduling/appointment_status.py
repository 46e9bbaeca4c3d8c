"""Appointment status lifecycle: confirm, check in, room, check out, cancel (late when < 24 h), no-show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.errors import ConflictError, ValidationError
from frontdesk.models import Appointment, Provider
from frontdesk.services._base import Tx, operation
from frontdesk.services.scheduling._booking import active_room, cancel, load_appointment, set_status
from frontdesk.services._practice_clock import require_check_in_day
from frontdesk.services._lookups import provider_label
from frontdesk.services.scheduling._openings import Opening, SearchSpec, search_openings
from frontdesk.services.scheduling._schedule_queries import appointment_infos, next_appointment_id, series_member_ids
from frontdesk.services.scheduling.appointment_types import AppointmentInfo
from frontdesk.domain.appointment_statuses import (
    ARRIVED, CANCELLED, CHECKED_OUT, CONFIRMED, IN_ROOM, NO_SHOW, OPEN_STATUSES, SCHEDULED, STATUS_LABELS,
)
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.services.scheduling._waitlist_match import WaitlistMatch, freed_matches
from frontdesk.services.scheduling.appointments import SCOPES

# Public names: this module's operations, plus the status constants (domain.appointment_statuses) and
# AppointmentInfo (appointment_types) the calendar reads with them.
__all__ = [
    "ARRIVED", "CANCELLED", "CHECKED_OUT", "CONFIRMED", "IN_ROOM", "NO_SHOW", "OPEN_STATUSES", "SCHEDULED",
    "STATUS_LABELS", "TRANSITIONS", "AppointmentInfo", "CheckOutResult", "FreedTime", "cancel_appointment",
    "change_status", "check_in", "check_in_readiness", "check_out", "mark_no_show", "room_patient",
]

# Allowed moves through the lifecycle (cancel and no-show have their own operations).
TRANSITIONS: dict[str, frozenset[str]] = {
    SCHEDULED: frozenset({CONFIRMED, ARRIVED}),
    CONFIRMED: frozenset({SCHEDULED, ARRIVED}),
    ARRIVED: frozenset({IN_ROOM, CHECKED_OUT, SCHEDULED, CONFIRMED}),  # back = undo a check-in by mistake
    IN_ROOM: frozenset({CHECKED_OUT, ARRIVED}),
    CHECKED_OUT: frozenset(),
    CANCELLED: frozenset(),
    NO_SHOW: frozenset(),
}


@dataclass(frozen=True)
class FreedTime:
    """Appointments that gave up their time, and the waitlisted patients who could take it."""

    appointments: tuple[AppointmentInfo, ...]
    waitlist_matches: tuple[WaitlistMatch, ...]


@dataclass(frozen=True)
class CheckOutResult:
    """The checked-out visit, the patient's next booked one (if any) and follow-up openings to offer."""

    appointment: AppointmentInfo
    next_appointment: AppointmentInfo | None
    suggestions: tuple[Opening, ...]


def _label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def _transition(tx: Tx, appointment_id: int, status: str) -> Appointment:
    appt = load_appointment(tx.session, appointment_id)
    if status not in TRANSITIONS.get(appt.status, frozenset()):
        raise ConflictError(f"An appointment that is {_label(appt.status).lower()} cannot become "
                            f"{_label(status).lower()}.")
    return appt


@operation(Permission.BOOK_APPOINTMENTS)
def change_status(tx: Tx, appointment_id: int, status: str, note: str = "") -> AppointmentInfo:
    """Move along the lifecycle (confirm, arrive, room, check out, or undo a check-in); stamps time and user."""
    if status in (CANCELLED, NO_SHOW) or status not in TRANSITIONS:
        raise ValidationError("status", "Use cancel or no-show for those; other statuses are "
                                        "scheduled, confirmed, arrived, in room or checked out.")
    appt = _transition(tx, appointment_id, status)
    if status == ARRIVED:
        require_check_in_day(tx.session, appt)
    set_status(tx, appt, status, clean_text(note, "note", "Note", max_len=500))
    return appointment_infos(tx.session, [appt.id])[0]


def _check_in_allowed(tx: Tx, appointment_id: int) -> Appointment:
    """The one rule for checking in, asked before the checklist opens and again when it is finished."""
    appt = _transition(tx, appointment_id, ARRIVED)
    require_check_in_day(tx.session, appt)
    return appt


@operation(Permission.BOOK_APPOINTMENTS, write=False)
def check_in_readiness(tx: Tx, appointment_id: int) -> AppointmentInfo:
    """May this visit be checked in now? The appointment if so; otherwise ConflictError with the reason
    (a later day, or a status that cannot arrive), before the desk runs the checklist or takes a copay."""
    appt = _check_in_allowed(tx, appointment_id)
    return appointment_infos(tx.session, [appt.id])[0]


@operation(Permission.BOOK_APPOINTMENTS)
def check_in(tx: Tx, appointment_id: int) -> AppointmentInfo:
    """The patient has arrived (status arrived); the intake checklist is opened around this by the UI."""
    appt = _check_in_allowed(tx, appointment_id)
    set_status(tx, appt, ARRIVED)
    return appointment_infos(tx.session, [appt.id])[0]


@operation(Permission.BOOK_APPOINTMENTS)
def room_patient(tx: Tx, appointment_id: int, room_id: int | None = None) -> AppointmentInfo:
    """The patient is taken to a room (optionally recording which one)."""
    appt = _transition(tx, appointment_id, IN_ROOM)
    room = active_room(tx.session, room_id)
    if room is not None:
        appt.room_id = room.id
    set_status(tx, appt, IN_ROOM)
    return appointment_infos(tx.session, [appt.id])[0]


@operation(Permission.BOOK_APPOINTMENTS)
def check_out(tx: Tx, appointment_id: int, follow_up_days: int | None = None) -> CheckOutResult:
    """Check the patient out; return their next booked visit and, when a follow-up is due in
    ``follow_up_days``, the first openings with the same provider and type from then on."""
    if follow_up_days is not None and (isinstance(follow_up_days, bool) or not isinstance(follow_up_days, int)
                                       or not 0 <= follow_up_days <= 730):
        raise ValidationError("follow_up_days", "Follow-up must be 0 to 730 days away.")
    appt = _transition(tx, appointment_id, CHECKED_OUT)
    set_status(tx, appt, CHECKED_OUT)
    settings = schedule_settings(tx.session)
    tz, now = settings.tz, st.utc_now()
    info = appointment_infos(tx.session, [appt.id], tz)[0]
    next_id = next_appointment_id(tx.session, appt.patient_id, now, exclude_id=appt.id)
    upcoming = appointment_infos(tx.session, [next_id], tz)[0] if next_id else None
    suggestions: list[Opening] = []
    if follow_up_days is not None and upcoming is None:
        provider = tx.session.get(Provider, appt.provider_id)
        if provider is not None and provider.active:
            first_day = st.local_date(now, tz) + timedelta(days=follow_up_days)
            spec = SearchSpec([provider.id], {provider.id: provider_label(provider)}, first_day, 21,
                              appt.length_minutes, frozenset(), (), 5)
            suggestions = search_openings(tx.session, spec, settings.slot_minutes, tz, now)
    return CheckOutResult(info, upcoming, tuple(suggestions))


@operation(Permission.BOOK_APPOINTMENTS)
def cancel_appointment(tx: Tx, appointment_id: int, reason: str, scope: str = "this") -> FreedTime:
    """Cancel with a reason (this one, this and following, or all upcoming of its series).

    Cancelling less than 24 hours before the start is a late cancel. Returns the waitlist entries that
    fit the freed time of the chosen appointment.
    """
    text = clean_text(reason, "cancel_reason", "Cancellation reason", max_len=200, required=True)
    appt = load_appointment(tx.session, appointment_id)
    if scope not in SCOPES:
        raise ValidationError("scope", "Choose this appointment, this and following, or all in the series.")
    if appt.status not in OPEN_STATUSES:
        raise ConflictError(f"An appointment that is {_label(appt.status).lower()} cannot be cancelled.")
    targets = [appt]
    if scope != "this":
        if appt.series_id is None:
            raise ValidationError("scope", "This appointment is not part of a series.")
        since = appt.start_utc if scope == "following" else min(appt.start_utc, st.utc_now())
        targets += [load_appointment(tx.session, i) for i in series_member_ids(tx.session, appt.series_id,
                                                                               from_utc=since) if i != appt.id]
    for target in targets:
        cancel(tx, target, text)
    matches = freed_matches(tx.session, appt, st.utc_now(), schedule_settings(tx.session).tz)
    if matches:
        tx.changed("waitlist")
    infos = appointment_infos(tx.session, [t.id for t in targets])
    return FreedTime(tuple(infos), matches)


@operation(Permission.BOOK_APPOINTMENTS)
def mark_no_show(tx: Tx, appointment_id: int) -> FreedTime:
    """The patient did not come (only once the start time has passed)."""
    appt = load_appointment(tx.session, appointment_id)
    if appt.status not in OPEN_STATUSES:
        raise ConflictError(f"An appointment that is {_label(appt.status).lower()} cannot become a no-show.")
    now = st.utc_now()
    if appt.start_utc > now:
        raise ConflictError("The appointment has not started yet; it can be marked a no-show after its start time.")
    set_status(tx, appt, NO_SHOW)
    matches = freed_matches(tx.session, appt, now, schedule_settings(tx.session).tz)
    return FreedTime(tuple(appointment_infos(tx.session, [appt.id])), matches)
