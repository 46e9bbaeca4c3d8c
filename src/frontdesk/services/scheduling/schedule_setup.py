"""Calendar setup: time zone and slot size, providers' weekly hours, date-range exceptions, holidays, blockouts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from itertools import pairwise

from sqlalchemy import delete, select

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.errors import NotFoundError, ValidationError
from frontdesk.models import Blockout, Holiday, Practice, Provider, ScheduleException, WorkingHours
from frontdesk.services._base import Tx, operation
from frontdesk.services._practice_clock import ScheduleSettings, schedule_settings

SLOT_CHOICES = (5, 10, 15)
BLOCKOUT_KINDS = ("lunch", "meeting", "procedure", "other")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_EXCEPTION_DAYS = 366


@dataclass(frozen=True)
class HoursSpan:
    """One weekly working interval (weekday 0 = Monday), local wall-clock time."""

    weekday: int
    start: time
    end: time


@dataclass(frozen=True)
class ExceptionInfo:
    id: int
    provider_id: int
    first_day: date
    last_day: date
    start: time | None  # None = day off
    end: time | None
    reason: str


@dataclass(frozen=True)
class HolidayInfo:
    id: int
    day: date
    name: str


@dataclass(frozen=True)
class BlockoutInput:
    """A blockout: weekly on ``weekday`` (optionally within first_day..last_day) or once ``on_date``."""

    kind: str
    start: time
    end: time
    provider_id: int | None = None  # None = the whole practice
    weekday: int | None = None
    on_date: date | None = None
    first_day: date | None = None
    last_day: date | None = None
    reason: str = ""


@dataclass(frozen=True)
class BlockoutInfo:
    id: int
    provider_id: int | None
    kind: str
    reason: str
    weekday: int | None
    on_date: date | None
    first_day: date | None
    last_day: date | None
    start: time
    end: time


def _provider(tx: Tx, provider_id: object) -> Provider:
    provider = tx.session.get(Provider, provider_id) if isinstance(provider_id, int) else None
    if provider is None:
        raise NotFoundError("That provider no longer exists.")
    return provider


def _clean_time(value: object, field: str, label: str) -> time:
    if not isinstance(value, time):
        raise ValidationError(field, f"{label} must be a time of day.")
    return value.replace(second=0, microsecond=0, tzinfo=None)


def _clean_span(start: object, end: object, field: str) -> tuple[time, time]:
    s, e = _clean_time(start, field, "Start time"), _clean_time(end, field, "End time")
    if e <= s:
        raise ValidationError(field, "The end time must be after the start time (hours cannot pass midnight).")
    return s, e


def _clean_day(value: object, field: str, label: str) -> date:
    if not isinstance(value, date):
        raise ValidationError(field, f"{label} must be a date.")
    st.check_year(value, field)
    return value


def _clean_weekday(value: object, field: str = "weekday") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
        raise ValidationError(field, "Weekday must be 0 (Monday) to 6 (Sunday).")
    return value


@operation(Permission.VIEW_SCHEDULE, write=False)
def get_schedule_settings(tx: Tx) -> ScheduleSettings:
    """The practice time zone and the calendar's slot size."""
    return schedule_settings(tx.session)


@operation(Permission.MANAGE_SCHEDULE_SETUP)
def set_schedule_settings(tx: Tx, time_zone: str, slot_minutes: int) -> ScheduleSettings:
    """Set the practice time zone (IANA name) and slot granularity (5, 10 or 15 minutes).

    Booked appointments are instants and keep their moment; they show at the new zone's local time.
    Working hours and blockouts are wall-clock times and are read in the new zone from now on.
    """
    tz = st.zone(time_zone)
    if slot_minutes not in SLOT_CHOICES or isinstance(slot_minutes, bool):
        raise ValidationError("slot_minutes", "Slot size must be 5, 10 or 15 minutes.")
    practice = tx.session.scalar(select(Practice).limit(1))
    if practice is None:
        raise NotFoundError("The practice has not been set up yet.")
    old = (practice.time_zone, practice.slot_minutes)
    practice.time_zone, practice.slot_minutes = tz.key, slot_minutes
    tx.audit("schedule.settings", entity_type="practice", entity_id=practice.id,
             detail=f"{old[0]} {old[1]} min -> {tz.key} {slot_minutes} min")
    tx.changed("schedule_setup", "practice")
    return ScheduleSettings(tz.key, slot_minutes)


@operation(Permission.VIEW_SCHEDULE, write=False)
def weekly_hours(tx: Tx, provider_id: int) -> list[HoursSpan]:
    """A provider's weekly working intervals, Monday first."""
    rows = tx.session.scalars(select(WorkingHours).where(WorkingHours.provider_id == provider_id)
                              .order_by(WorkingHours.weekday, WorkingHours.start_time))
    return [HoursSpan(r.weekday, r.start_time, r.end_time) for r in rows]


@operation(Permission.MANAGE_SCHEDULE_SETUP)
def set_weekly_hours(tx: Tx, provider_id: int, spans: list[HoursSpan]) -> list[HoursSpan]:
    """Replace a provider's weekly hours (several intervals a day allowed, no overlaps)."""
    provider = _provider(tx, provider_id)
    cleaned = sorted((_clean_weekday(s.weekday), *_clean_span(s.start, s.end, "hours")) for s in spans)
    for (d1, _s1, e1), (d2, s2, _e2) in pairwise(cleaned):
        if d1 == d2 and s2 < e1:
            raise ValidationError("hours", f"{WEEKDAY_NAMES[d1]}'s working hours overlap; merge them into one.")
    tx.session.execute(delete(WorkingHours).where(WorkingHours.provider_id == provider.id))
    tx.session.add_all(WorkingHours(provider_id=provider.id, weekday=d, start_time=s, end_time=e)
                       for d, s, e in cleaned)
    tx.audit("schedule.hours", entity_type="provider", entity_id=provider.id, detail=f"{len(cleaned)} intervals")
    tx.changed("schedule_setup")
    return [HoursSpan(d, s, e) for d, s, e in cleaned]


def _exception_info(e: ScheduleException) -> ExceptionInfo:
    return ExceptionInfo(e.id, e.provider_id, e.first_day, e.last_day, e.start_time, e.end_time, e.reason)


@operation(Permission.VIEW_SCHEDULE, write=False)
def list_exceptions(tx: Tx, provider_id: int | None = None, *, from_day: date | None = None) -> list[ExceptionInfo]:
    """Hours exceptions (all providers or one), optionally only those ending on/after ``from_day``."""
    stmt = select(ScheduleException).order_by(ScheduleException.first_day, ScheduleException.id)
    if provider_id is not None:
        stmt = stmt.where(ScheduleException.provider_id == provider_id)
    if from_day is not None:
        stmt = stmt.where(ScheduleException.last_day >= from_day)
    return [_exception_info(e) for e in tx.session.scalars(stmt)]


@operation(Permission.MANAGE_SCHEDULE_SETUP)
def add_exception(tx: Tx, provider_id: int, first_day: date, last_day: date, start: time | None = None,
                  end: time | None = None, reason: str = "") -> ExceptionInfo:
    """Days off (no times) or different hours (times) for a provider from first_day to last_day."""
    provider = _provider(tx, provider_id)
    first = _clean_day(first_day, "first_day", "First day")
    last = _clean_day(last_day, "last_day", "Last day")
    if last < first:
        raise ValidationError("last_day", "The last day cannot be before the first day.")
    if (last - first).days >= MAX_EXCEPTION_DAYS:
        raise ValidationError("last_day", "An exception can cover at most a year.")
    if (start is None) != (end is None):
        raise ValidationError("end" if start is not None else "start", "Give both times, or neither for a day off.")
    s, e = _clean_span(start, end, "end") if start is not None else (None, None)
    exc = ScheduleException(provider_id=provider.id, first_day=first, last_day=last, start_time=s, end_time=e,
                            reason=clean_text(reason, "reason", "Reason", max_len=200))
    tx.session.add(exc)
    tx.session.flush()
    tx.audit("schedule.exception_add", entity_type="provider", entity_id=provider.id,
             detail=f"{first.isoformat()}..{last.isoformat()} {'hours' if s else 'off'}")
    tx.changed("schedule_setup")
    return _exception_info(exc)


@operation(Permission.MANAGE_SCHEDULE_SETUP)
def remove_exception(tx: Tx, exception_id: int) -> None:
    """Delete an hours exception."""
    exc = tx.session.get(ScheduleException, exception_id)
    if exc is None:
        raise NotFoundError("That exception no longer exists.")
    tx.session.delete(exc)
    tx.audit("schedule.exception_remove", entity_type="provider", entity_id=exc.provider_id,
             detail=f"{exc.first_day.isoformat()}..{exc.last_day.isoformat()}")
    tx.changed("schedule_setup")


@operation(Permission.VIEW_SCHEDULE, write=False)
def list_holidays(tx: Tx, year: int | None = None) -> list[HolidayInfo]:
    """Practice closures, by date (one year or all)."""
    stmt = select(Holiday).order_by(Holiday.day)
    if year is not None:
        stmt = stmt.where(Holiday.day.between(date(year, 1, 1), date(year, 12, 31)))
    return [HolidayInfo(h.id, h.day, h.name) for h in tx.session.scalars(stmt)]


@operation(Permission.MANAGE_SCHEDULE_SETUP)
def add_holiday(tx: Tx, day: date, name: str) -> HolidayInfo:
    """Close the whole practice on a day."""
    when = _clean_day(day, "day", "Date")
    label = clean_text(name, "name", "Holiday name", max_len=80, required=True)
    if tx.session.scalar(select(Holiday.id).where(Holiday.day == when)) is not None:
        raise ValidationError("day", f"{when.strftime('%m/%d/%Y')} is already a holiday.")
    holiday = Holiday(day=when, name=label)
    tx.session.add(holiday)
    tx.session.flush()
    tx.audit("schedule.holiday_add", entity_type="holiday", entity_id=holiday.id, detail=when.isoformat())
    tx.changed("schedule_setup")
    return HolidayInfo(holiday.id, holiday.day, holiday.name)


@operation(Permission.MANAGE_SCHEDULE_SETUP)
def remove_holiday(tx: Tx, holiday_id: int) -> None:
    """Open the practice again on a former holiday."""
    holiday = tx.session.get(Holiday, holiday_id)
    if holiday is None:
        raise NotFoundError("That holiday no longer exists.")
    tx.session.delete(holiday)
    tx.audit("schedule.holiday_remove", entity_type="holiday", entity_id=holiday_id, detail=holiday.day.isoformat())
    tx.changed("schedule_setup")


def _blockout_info(b: Blockout) -> BlockoutInfo:
    return BlockoutInfo(b.id, b.provider_id, b.kind, b.reason, b.weekday, b.on_date, b.first_day, b.last_day,
                        b.start_time, b.end_time)


@operation(Permission.VIEW_SCHEDULE, write=False)
def list_blockouts(tx: Tx, provider_id: int | None = None) -> list[BlockoutInfo]:
    """Blockouts of one provider (plus the practice-wide ones), or all of them."""
    stmt = select(Blockout).order_by(Blockout.on_date, Blockout.weekday, Blockout.start_time, Blockout.id)
    if provider_id is not None:
        stmt = stmt.where((Blockout.provider_id == provider_id) | Blockout.provider_id.is_(None))
    return [_blockout_info(b) for b in tx.session.scalars(stmt)]


@operation(Permission.MANAGE_SCHEDULE_SETUP)
def add_blockout(tx: Tx, data: BlockoutInput) -> BlockoutInfo:
    """Block time for lunch, a meeting, a procedure...: weekly or on one date."""
    return _save_blockout(tx, data)


def _save_blockout(tx: Tx, data: BlockoutInput, note: str = "") -> BlockoutInfo:
    """Check and store one blockout with its audit row (``note`` adds to the audit detail): Admin's set-up and
    the front desk's "doctor is out" share it. Not an operation: the caller's operation checks who may."""
    if data.kind not in BLOCKOUT_KINDS:
        raise ValidationError("kind", "Blockout kind must be lunch, meeting, procedure or other.")
    if data.provider_id is not None:
        _provider(tx, data.provider_id)
    if (data.weekday is None) == (data.on_date is None):
        raise ValidationError("on_date", "Choose either a weekday (every week) or one date.")
    weekday = None if data.weekday is None else _clean_weekday(data.weekday)
    on_date = None if data.on_date is None else _clean_day(data.on_date, "on_date", "Date")
    first = None if data.first_day is None else _clean_day(data.first_day, "first_day", "First day")
    last = None if data.last_day is None else _clean_day(data.last_day, "last_day", "Last day")
    if first and last and last < first:
        raise ValidationError("last_day", "The last day cannot be before the first day.")
    s, e = _clean_span(data.start, data.end, "end")
    block = Blockout(provider_id=data.provider_id, kind=data.kind, weekday=weekday, on_date=on_date,
                     first_day=first if weekday is not None else None, last_day=last if weekday is not None else None,
                     start_time=s, end_time=e, reason=clean_text(data.reason, "reason", "Reason", max_len=200))
    tx.session.add(block)
    tx.session.flush()
    tx.audit("schedule.blockout_add", entity_type="blockout", entity_id=block.id,
             detail=f"{data.kind} {'weekly' if weekday is not None else 'once'}" + (f"; {note}" if note else ""))
    tx.changed("schedule_setup")
    return _blockout_info(block)


@operation(Permission.MANAGE_SCHEDULE_SETUP)
def remove_blockout(tx: Tx, blockout_id: int) -> None:
    """Delete a blockout (the time becomes bookable again)."""
    block = tx.session.get(Blockout, blockout_id)
    if block is None:
        raise NotFoundError("That blockout no longer exists.")
    tx.session.delete(block)
    tx.audit("schedule.blockout_remove", entity_type="blockout", entity_id=blockout_id, detail=block.kind)
    tx.changed("schedule_setup")
