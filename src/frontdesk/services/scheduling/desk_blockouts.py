"""The front desk blocks out a provider's time for today or the coming days (the doctor is out sick), when the
practice allows it: a practice setting only an administrator changes. Visits already booked in the blocked
time are listed back to the desk, never moved or cancelled by this."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from frontdesk.domain import schedule_time as st
from frontdesk.domain.appointment_statuses import CHECKED_OUT
from frontdesk.domain.permissions import Permission, role_allows
from frontdesk.errors import NotFoundError, PermissionDenied, ValidationError
from frontdesk.models import Appointment, Practice
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services._lookups import active_provider
from frontdesk.services._practice_clock import practice_today, schedule_settings
from frontdesk.services.scheduling._schedule_queries import appointment_infos, overlapping_ids
from frontdesk.services.scheduling.appointment_types import AppointmentInfo
from frontdesk.services.scheduling.schedule_setup import BlockoutInfo, BlockoutInput, _save_blockout

DESK_KIND = "other"
MAX_DESK_DAYS = 14  # a longer absence is a schedule exception, set up in Admin
WHOLE_DAY = (time(0, 0), time(23, 59))  # blockouts are wall-clock spans within one day
NOT_ALLOWED = ("The practice does not let the front desk block out time. An administrator can allow it in "
               "Admin \u203a Schedule resources, or add the blockout there.")


@dataclass(frozen=True)
class DeskBlockoutInput:
    """A provider out from ``first_day`` to ``last_day``: the whole day (no times) or ``start``-``end`` each day."""

    provider_id: int
    first_day: date
    last_day: date
    start: time | None = None
    end: time | None = None
    reason: str = ""


@dataclass(frozen=True)
class DeskBlockoutResult:
    """The blockouts saved (one per day) and the visits still booked in that time (left as they are)."""

    blockouts: tuple[BlockoutInfo, ...]
    still_booked: tuple[AppointmentInfo, ...]


def _practice(tx: Tx) -> Practice:
    practice = tx.session.scalar(select(Practice).limit(1))
    if practice is None:
        raise NotFoundError("The practice has not been set up yet.")
    return practice


@operation(Permission.VIEW_SCHEDULE, write=False)
def desk_blockouts_allowed(tx: Tx) -> bool:
    """Whether the front desk may block out time (Admin's setting; an administrator always may)."""
    practice = tx.session.scalar(select(Practice).limit(1))
    return bool(practice and practice.desk_blockouts)


@operation(Permission.MANAGE_SCHEDULE_SETUP)
def set_desk_blockouts(tx: Tx, allowed: bool) -> bool:
    """Allow or stop front-desk blockouts (administrators only); audited with the old and new value."""
    if not isinstance(allowed, bool):
        raise ValidationError("desk_blockouts", "Choose on or off.")
    practice = _practice(tx)
    old, practice.desk_blockouts = bool(practice.desk_blockouts), allowed
    tx.audit("schedule.desk_blockouts", entity_type="practice", entity_id=practice.id,
             detail=f"{'on' if old else 'off'} -> {'on' if allowed else 'off'}")
    tx.changed("schedule_setup", "practice")
    return allowed


def _spans(tx: Tx, data: DeskBlockoutInput) -> tuple[int, list[date], time, time]:
    """The provider, the days and the daily span, checked: today or later, at most MAX_DESK_DAYS days."""
    if not isinstance(data, DeskBlockoutInput):
        raise ValidationError("blockout", "Give the provider, the days and the times.")
    provider = active_provider(tx.session, data.provider_id)
    for value, field, label in ((data.first_day, "first_day", "First day"), (data.last_day, "last_day", "Last day")):
        if not isinstance(value, date) or isinstance(value, datetime):
            raise ValidationError(field, f"{label} must be a date.")
        st.check_year(value, field)
    today = practice_today(tx.session)
    if data.first_day < today:
        raise ValidationError("first_day", "Block out today or a later day (past days are left as they were).")
    if data.last_day < data.first_day:
        raise ValidationError("last_day", "The last day cannot be before the first day.")
    count = (data.last_day - data.first_day).days + 1
    if count > MAX_DESK_DAYS:
        raise ValidationError("last_day", f"Block out at most {MAX_DESK_DAYS} days here; a longer absence is "
                                          "set up in Admin (schedule exceptions).")
    if (data.start is None) != (data.end is None):
        raise ValidationError("end" if data.start is not None else "start",
                              "Give both times, or neither for the whole day.")
    start, end = WHOLE_DAY if data.start is None else (data.start, data.end)
    if not isinstance(start, time) or not isinstance(end, time):
        raise ValidationError("start", "Start and end must be times of day.")
    if end <= start:
        raise ValidationError("end", "The end time must be after the start time.")
    return provider.id, [data.first_day + timedelta(days=i) for i in range(count)], start, end


def _still_booked(tx: Tx, provider_id: int, days: list[date], start: time, end: time) -> tuple[AppointmentInfo, ...]:
    """Visits of the provider in the blocked time that have not ended their visit (cancelled, no-show and
    checked-out ones are done with)."""
    tz = schedule_settings(tx.session).tz
    ids: list[int] = []
    for day in days:
        begin = st.to_utc(datetime.combine(day, start), tz, "start")
        finish = st.to_utc(datetime.combine(day, end), tz, "end")
        ids += [row[0] for row in overlapping_ids(tx.session, Appointment.provider_id, provider_id, begin, finish)]
    return tuple(a for a in appointment_infos(tx.session, ids, tz) if a.status != CHECKED_OUT)


@operation(Permission.VIEW_SCHEDULE, write=False)
def booked_in_blockout(tx: Tx, data: DeskBlockoutInput) -> list[AppointmentInfo]:
    """What a blockout would leave booked in its time (the form lists them before it is saved)."""
    return list(_still_booked(tx, *_spans(tx, data)))


@operation(Permission.BOOK_APPOINTMENTS)
def add_desk_blockout(tx: Tx, data: DeskBlockoutInput) -> DeskBlockoutResult:
    """Block out a provider's time for today or the coming days, when the practice allows the front desk to.

    One blockout per day (kind "other", the reason as its label), each audited with how many visits remain
    booked in it. Those visits are returned so the desk can call the patients; nothing is moved or cancelled.
    """
    actor = require_actor(tx)
    if not _practice(tx).desk_blockouts and not role_allows(actor.role, Permission.MANAGE_SCHEDULE_SETUP):
        raise PermissionDenied(NOT_ALLOWED)
    provider_id, days, start, end = _spans(tx, data)
    if not isinstance(data.reason, str) or not data.reason.strip():
        raise ValidationError("reason", "Say why the time is blocked (e.g. out sick); the calendar shows it.")
    booked = _still_booked(tx, provider_id, days, start, end)
    saved = []
    for day in days:
        on_day = sum(1 for a in booked if a.start.date() == day)
        saved.append(_save_blockout(tx, BlockoutInput(DESK_KIND, start, end, provider_id=provider_id, on_date=day,
                                                      reason=data.reason),
                                    note=f"from the calendar; {on_day} still booked"))
    return DeskBlockoutResult(tuple(saved), booked)
