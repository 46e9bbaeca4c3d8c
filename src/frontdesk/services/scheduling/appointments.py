"""Booking: single and weekly-recurring appointments, moves (drag and drop) and edits of one/following/all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import Permission
from frontdesk.errors import ConflictError, ValidationError
from frontdesk.models import Appointment, AppointmentSeries
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services.scheduling._booking import (
    active_room, active_type, add_event, bookable_patient, check_type_offered, clean_length, load_appointment,
    resolve_times,
)
from frontdesk.services._lookups import active_provider, provider_label
from frontdesk.services.scheduling._schedule_hours import ScheduleCalendar
from frontdesk.services.scheduling._schedule_queries import appointment_infos, series_member_ids
from frontdesk.services.scheduling.appointment_types import AppointmentInfo, BookingRequest, Recurrence
from frontdesk.domain.appointment_statuses import CONFIRMED, OPEN_STATUSES, SCHEDULED
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.services.scheduling._schedule_rules import (
    OverrideDecision,
    Placement,
    ScheduleConflict,
    check_placements,
    clean_override_reason_arg,
)
from frontdesk.services.scheduling._series import MAX_OCCURRENCES, clean_visit_texts, plan_booking, without_skipped

# Re-exported as public names (see __all__): the booking form's limits on a visit's length and an override note.
from frontdesk.services.scheduling.appointment_types import MAX_LENGTH_MINUTES as MAX_LENGTH_MINUTES
from frontdesk.services.scheduling._schedule_rules import MAX_OVERRIDE_REASON as MAX_OVERRIDE_REASON

__all__ = ["MAX_LENGTH_MINUTES", "MAX_OCCURRENCES", "MAX_OVERRIDE_REASON", "AppointmentChanges", "AppointmentInfo", "BookingRequest", "Recurrence",
           "ScheduleConflict", "SeriesInfo", "book_appointment", "book_series", "get_appointment", "move_appointment", "update_appointment"]

SCOPES = ("this", "following", "all")


@dataclass(frozen=True)
class SeriesInfo:
    series_id: int
    appointments: tuple[AppointmentInfo, ...]
    skipped: tuple[date, ...] = ()  # weeks of the series left out (not booked)


@dataclass(frozen=True)
class AppointmentChanges:
    """Edits to apply; None leaves a field as it is. ``start_time`` moves each occurrence to that local time."""

    provider_id: int | None = None
    room_id: int | None = None
    clear_room: bool = False
    type_id: int | None = None
    length_minutes: int | None = None
    start_time: time | None = None
    reason: str | None = None
    notes: str | None = None


def _audit_detail(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


@operation(Permission.BOOK_APPOINTMENTS)
def book_appointment(tx: Tx, request: BookingRequest, override_reason: str | None = None) -> AppointmentInfo:
    """Book one appointment; rule breaks raise ScheduleConflict unless overridden (permission + reason)."""
    return _book(tx, request, None, override_reason)[0]


@operation(Permission.BOOK_APPOINTMENTS)
def book_series(tx: Tx, request: BookingRequest, recurrence: Recurrence, override_reason: str | None = None,
                skip_dates: tuple[date, ...] = ()) -> SeriesInfo:
    """Book a weekly series as real appointments linked by a series id; all are booked or none.

    ``skip_dates`` leaves those weeks out (local days of the series' visits, e.g. the ones series_plan found
    taken); the rest are still checked here, so a week taken meanwhile refuses the booking.
    """
    infos = _book(tx, request, recurrence, override_reason, tuple(skip_dates))
    return SeriesInfo(infos[0].series_id or 0, tuple(infos), tuple(sorted(skip_dates)))


def _book(tx: Tx, req: BookingRequest, recurrence: Recurrence | None, override_reason: object,
          skip_dates: tuple[date, ...] = ()) -> list[AppointmentInfo]:
    actor = require_actor(tx)
    override = clean_override_reason_arg(override_reason)
    plan = plan_booking(tx.session, req, recurrence)
    reason, notes = plan.reason, plan.notes
    spans = without_skipped(plan, skip_dates)
    patient, provider, room, tz = plan.patient, plan.provider, plan.room, plan.tz
    places = [plan.placement(span) for span in spans]
    decision = check_placements(tx, plan.calendar(tx.session, spans), places, override, provider_label(provider))
    series_id = None
    if recurrence is not None:
        series = AppointmentSeries(every_weeks=recurrence.every_weeks, count=len(spans), created_by=actor.user_id)
        tx.session.add(series)
        tx.session.flush()
        series_id = series.id
    now = st.utc_now()
    rows = [Appointment(patient_id=patient.id, provider_id=provider.id, room_id=room.id if room else None,
                        type_id=plan.appt_type.id, start_utc=s, end_utc=e, length_minutes=plan.minutes,
                        status=SCHEDULED, status_at=now, status_by=actor.user_id, reason=reason, notes=notes,
                        series_id=series_id, override_rules=", ".join(decision.rules),
                        override_reason=decision.reason, created_at=now, created_by=actor.user_id, updated_at=now)
            for s, e in spans]
    tx.session.add_all(rows)
    tx.session.flush()
    for row in rows:
        add_event(tx.session, row, "booked", actor.user_id)
    what = f"series of {len(rows)}" if series_id else ""
    skipped = f"{len(plan.spans) - len(spans)} of {len(plan.spans)} weeks left out" if len(spans) < len(plan.spans) \
        else ""
    tx.audit("appointment.series_book" if series_id else "appointment.book", entity_type="appointment",
             entity_id=rows[0].id, patient_id=patient.id,
             detail=_audit_detail(what, skipped, f"provider {provider.id}", decision.audit_detail))
    tx.changed("appointments")
    return appointment_infos(tx.session, [r.id for r in rows], tz)


@operation(Permission.VIEW_SCHEDULE, write=False)
def get_appointment(tx: Tx, appointment_id: int) -> AppointmentInfo:
    """One appointment with its patient, provider, type and room."""
    appt = load_appointment(tx.session, appointment_id)
    return appointment_infos(tx.session, [appt.id])[0]


@operation(Permission.BOOK_APPOINTMENTS)
def move_appointment(tx: Tx, appointment_id: int, new_start: datetime, new_provider_id: int | None = None,
                     new_length_minutes: int | None = None, override_reason: str | None = None) -> AppointmentInfo:
    """Reschedule (drag and drop): new time, optionally another provider or length; the old place is kept in history.

    A confirmed appointment goes back to scheduled: the patient confirmed the old time, not the new one.
    """
    override = clean_override_reason_arg(override_reason)
    appt = load_appointment(tx.session, appointment_id)
    _require_open(appt, "moved")
    tz = schedule_settings(tx.session).tz
    bookable_patient(tx.session, appt.patient_id)
    provider = active_provider(tx.session, appt.provider_id if new_provider_id is None else new_provider_id)
    if provider.id != appt.provider_id:
        check_type_offered(tx.session, active_type(tx.session, appt.type_id), provider)
    length = appt.length_minutes if new_length_minutes is None else new_length_minutes
    start_utc, end_utc, minutes = resolve_times(new_start, None, length, appt.length_minutes, tz)
    place = Placement(appt.patient_id, provider.id, appt.room_id, start_utc, end_utc, frozenset({appt.id}))
    calendar = ScheduleCalendar(tx.session, [provider.id], st.local_date(start_utc, tz) - timedelta(days=1),
                                st.local_date(end_utc, tz) + timedelta(days=1), tz)
    decision = check_placements(tx, calendar, [place], override, provider_label(provider))
    _apply_move(tx, appt, provider.id, appt.room_id, start_utc, end_utc, minutes, decision)
    tx.audit("appointment.move", entity_type="appointment", entity_id=appt.id, patient_id=appt.patient_id,
             detail=_audit_detail(f"provider {provider.id}", decision.audit_detail))
    tx.changed("appointments")
    return appointment_infos(tx.session, [appt.id], tz)[0]


def _require_open(appt: Appointment, verb: str) -> None:
    if appt.status not in OPEN_STATUSES:
        raise ConflictError(f"This appointment is {appt.status.replace('_', ' ')}; it cannot be {verb}.")


def _apply_move(tx: Tx, appt: Appointment, provider_id: int, room_id: int | None, start_utc: datetime,
                end_utc: datetime, minutes: int, decision) -> None:  # type: ignore[no-untyped-def]
    actor = require_actor(tx)
    before = (appt.start_utc, appt.end_utc, appt.provider_id, appt.room_id)
    moved = before[:2] != (start_utc, end_utc) or before[2] != provider_id
    appt.provider_id, appt.room_id = provider_id, room_id
    appt.start_utc, appt.end_utc, appt.length_minutes = start_utc, end_utc, minutes
    now = st.utc_now()
    if decision.rules:
        appt.override_rules, appt.override_reason = ", ".join(decision.rules), decision.reason
    if moved and appt.status == CONFIRMED and before[:2] != (start_utc, end_utc):
        appt.status, appt.status_at, appt.status_by = SCHEDULED, now, actor.user_id
    appt.updated_at = now
    add_event(tx.session, appt, "move" if moved else "edit", actor.user_id, from_place=before)


def _targets(tx: Tx, appt: Appointment, scope: str) -> list[Appointment]:
    if scope not in SCOPES:
        raise ValidationError("scope", "Choose this appointment, this and following, or all in the series.")
    if scope == "this":
        return [appt]
    if appt.series_id is None:
        raise ValidationError("scope", "This appointment is not part of a series.")
    # "All" never rewrites visits that already happened: it starts from now (or this visit, if earlier).
    since = appt.start_utc if scope == "following" else min(appt.start_utc, st.utc_now())
    ids = series_member_ids(tx.session, appt.series_id, from_utc=since)
    rows = [load_appointment(tx.session, i) for i in ids]
    return rows if appt in rows or appt.status not in OPEN_STATUSES else [appt, *rows]


@operation(Permission.BOOK_APPOINTMENTS)
def update_appointment(tx: Tx, appointment_id: int, changes: AppointmentChanges, scope: str = "this",
                       override_reason: str | None = None) -> list[AppointmentInfo]:
    """Edit this appointment, this and the following ones of its series, or all upcoming ones.

    Provider, room, type, length and time changes are checked like a booking (one override covers all).
    """
    actor = require_actor(tx)
    override = clean_override_reason_arg(override_reason)
    appt = load_appointment(tx.session, appointment_id)
    targets = _targets(tx, appt, scope)
    tz = schedule_settings(tx.session).tz
    placing = any(v is not None for v in (changes.provider_id, changes.room_id, changes.length_minutes,
                                          changes.start_time)) or changes.clear_room
    if placing:
        for target in targets:
            _require_open(target, "changed")
    reason = None if changes.reason is None else clean_visit_texts(changes.reason, "")[0]
    notes = None if changes.notes is None else clean_visit_texts("", changes.notes)[1]
    provider = active_provider(tx.session, changes.provider_id) if changes.provider_id is not None else None
    appt_type = active_type(tx.session, changes.type_id) if changes.type_id is not None else None
    room = active_room(tx.session, changes.room_id) if changes.room_id is not None else None
    length = clean_length(changes.length_minutes) if changes.length_minutes is not None else None
    if changes.start_time is not None and not isinstance(changes.start_time, time):
        raise ValidationError("start_time", "The new time must be a time of day.")
    plans = []
    for target in targets:
        provider_id = provider.id if provider else target.provider_id
        room_id = None if changes.clear_room else (room.id if room else target.room_id)
        minutes = length or target.length_minutes
        start_utc = target.start_utc
        if changes.start_time is not None:
            local_day = st.local_date(target.start_utc, tz)
            start_utc = st.to_utc(datetime.combine(local_day, changes.start_time), tz, "start_time")
        plans.append((target, provider_id, room_id, start_utc, start_utc + timedelta(minutes=minutes), minutes))
    if provider is not None or appt_type is not None:
        _check_offered(tx, plans, appt_type)
    # Only visits whose time, provider or room really change are checked against the rules (and moved).
    moving = [p for p in plans if (p[1], p[2], p[3], p[4]) != (p[0].provider_id, p[0].room_id, p[0].start_utc,
                                                               p[0].end_utc)]
    decision = _check_plans(tx, moving, override, tz) if moving else OverrideDecision()
    moving_ids = {p[0].id for p in moving}
    for target, provider_id, room_id, start_utc, end_utc, minutes in plans:
        if appt_type is not None:
            target.type_id = appt_type.id
        if reason is not None:
            target.reason = reason
        if notes is not None:
            target.notes = notes
        if target.id in moving_ids:
            _apply_move(tx, target, provider_id, room_id, start_utc, end_utc, minutes, decision)
        else:
            target.updated_at = st.utc_now()
            add_event(tx.session, target, "edit", actor.user_id)
    tx.audit("appointment.edit", entity_type="appointment", entity_id=appt.id, patient_id=appt.patient_id,
             detail=_audit_detail(f"scope {scope}", f"{len(plans)} appointments", decision.audit_detail))
    tx.changed("appointments")
    return appointment_infos(tx.session, [p[0].id for p in plans], tz)


def _check_offered(tx: Tx, plans: list, appt_type) -> None:  # type: ignore[no-untyped-def,type-arg]
    """Each visit's (new) provider must offer its (new) type."""
    seen: set[tuple[int, int]] = set()
    for target, provider_id, *_rest in plans:
        type_row = appt_type or active_type(tx.session, target.type_id)
        if (provider_id, type_row.id) not in seen:
            seen.add((provider_id, type_row.id))
            check_type_offered(tx.session, type_row, active_provider(tx.session, provider_id))


def _check_plans(tx: Tx, plans: list, override: str | None, tz):  # type: ignore[no-untyped-def,type-arg]
    providers = {pid: active_provider(tx.session, pid) for pid in dict.fromkeys(p[1] for p in plans)}
    moving = frozenset(p[0].id for p in plans)
    places = [Placement(t.patient_id, pid, rid, s, e, moving) for t, pid, rid, s, e, _m in plans]
    calendar = ScheduleCalendar(tx.session, list(providers), min(st.local_date(p.start_utc, tz) for p in places)
                                - timedelta(days=1), max(st.local_date(p.end_utc, tz) for p in places)
                                + timedelta(days=1), tz)
    label = provider_label(next(iter(providers.values()))) if len(providers) == 1 else "The provider"
    return check_placements(tx, calendar, places, override, label)
