"""Which waitlist entries fit a freed slot (query helper: takes a session, never commits)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from frontdesk.models import Appointment, Patient, WaitlistEntry
from frontdesk.models.appointment import waitlist_provider
from frontdesk.models.scheduling import appointment_type_provider
from frontdesk.services.scheduling._schedule_queries import overlapping_ids
from frontdesk.domain.names import patient_display_name


@dataclass(frozen=True)
class WaitlistMatch:
    """A waitlisted patient who could take the slot, first come first served."""

    entry_id: int
    patient_id: int
    patient_name: str
    patient_phone: str
    length_minutes: int
    type_id: int | None
    provider_ids: tuple[int, ...]
    note: str
    waiting_since: datetime
    current_appointment_id: int | None
    slot_provider_id: int
    slot_start: datetime
    slot_end: datetime


def weekday_mask(weekdays: list[int] | tuple[int, ...] | set[int]) -> int:
    """Bit i set for weekday i (0 = Monday); an empty choice = any day = 0."""
    mask = 0
    for day in weekdays:
        mask |= 1 << day
    return mask


def entry_providers(session: Session, entry_ids: list[int]) -> dict[int, tuple[int, ...]]:
    found: dict[int, list[int]] = {}
    if entry_ids:
        for entry_id, provider_id in session.execute(
                select(waitlist_provider.c.entry_id, waitlist_provider.c.provider_id)
                .where(waitlist_provider.c.entry_id.in_(entry_ids))):
            found.setdefault(entry_id, []).append(provider_id)
    return {k: tuple(sorted(v)) for k, v in found.items()}


def match_waitlist(session: Session, provider_id: int, start_utc: datetime, end_utc: datetime, tz: ZoneInfo,
                   *, exclude_patient_id: int | None = None, limit: int = 50) -> list[WaitlistMatch]:
    """Active entries that fit [start, end) with ``provider_id``: provider, weekday, time window, length.

    Patients already booked at that time, inactive records and entries whose own appointment is not
    later than the slot are left out.
    """
    local_start = start_utc.astimezone(tz)
    slot_minutes = int((end_utc - start_utc).total_seconds() // 60)
    stmt = (select(WaitlistEntry, Patient.first_name, Patient.last_name, Patient.phone)
            .join(Patient, Patient.id == WaitlistEntry.patient_id)
            .where(WaitlistEntry.active.is_(True), WaitlistEntry.length_minutes <= slot_minutes,
                   or_(WaitlistEntry.until_day.is_(None), WaitlistEntry.until_day >= local_start.date()))
            .order_by(WaitlistEntry.created_at, WaitlistEntry.id))
    rows = session.execute(stmt).all()
    providers = entry_providers(session, [r[0].id for r in rows])
    type_ids = {r[0].type_id for r in rows if r[0].type_id is not None}
    offered: dict[int, set[int]] = {}
    if type_ids:
        for type_id, offering in session.execute(select(appointment_type_provider.c.type_id,
                                                        appointment_type_provider.c.provider_id)
                                                 .where(appointment_type_provider.c.type_id.in_(type_ids))):
            offered.setdefault(type_id, set()).add(offering)
    matches: list[WaitlistMatch] = []
    for entry, first, last, phone in rows:
        if entry.patient_id == exclude_patient_id:
            continue
        wanted = providers.get(entry.id, ())
        if wanted and provider_id not in wanted:
            continue
        if entry.type_id in offered and provider_id not in offered[entry.type_id]:
            continue  # the provider does not offer the visit type they wait for
        if entry.weekdays and not entry.weekdays & (1 << local_start.weekday()):
            continue
        need_end = start_utc + timedelta(minutes=entry.length_minutes)
        local_end = need_end.astimezone(tz)
        if entry.earliest_time is not None and local_start.time() < entry.earliest_time:
            continue
        if entry.latest_time is not None and (local_end.date() != local_start.date()
                                              or local_end.time() > entry.latest_time):
            continue
        patient = session.get(Patient, entry.patient_id)
        if (getattr(patient, "status", "active") or "active") != "active":
            continue
        if entry.appointment_id is not None:
            current = session.get(Appointment, entry.appointment_id)
            if current is not None and current.start_utc <= start_utc:
                continue  # the slot is not earlier than what they already have
        if overlapping_ids(session, Appointment.patient_id, entry.patient_id, start_utc, need_end):
            continue
        matches.append(WaitlistMatch(entry.id, entry.patient_id, patient_display_name(first, last), phone,
                                     entry.length_minutes, entry.type_id, wanted, entry.note, entry.created_at,
                                     entry.appointment_id, provider_id, start_utc.astimezone(tz),
                                     end_utc.astimezone(tz)))
        if len(matches) >= limit:
            break
    return matches


def freed_matches(session: Session, appt: Appointment, now: datetime, tz: ZoneInfo) -> tuple[WaitlistMatch, ...]:
    """Waitlist entries for the part of a just-freed appointment's time that is still ahead."""
    return slot_matches(session, appt.provider_id, appt.start_utc, appt.end_utc, now, tz, appt.patient_id)


def slot_matches(session: Session, provider_id: int, start_utc: datetime, end_utc: datetime, now: datetime,
                 tz: ZoneInfo, patient_id: int) -> tuple[WaitlistMatch, ...]:
    """Waitlist entries for the part of a freed slot that is still ahead (never the patient who freed it)."""
    start = max(start_utc, now)
    if end_utc - start < timedelta(minutes=1):
        return ()
    return tuple(match_waitlist(session, provider_id, start, end_utc, tz, exclude_patient_id=patient_id))


def left_free(old: tuple[datetime, datetime], new: tuple[datetime, datetime] | None
              ) -> tuple[datetime, datetime] | None:
    """The longest part of ``old`` that ``new`` (the same provider's new place, if any) does not cover."""
    if new is None or new[1] <= old[0] or new[0] >= old[1]:
        return old
    pieces = [(old[0], min(old[1], new[0])), (max(old[0], new[1]), old[1])]
    piece = max(pieces, key=lambda p: p[1] - p[0])
    return piece if piece[1] > piece[0] else None
