"""Synthetic calendar for the demo practice and benchmarks: setup, years of past visits, the current weeks.

The setup (rooms, types, holidays, extra providers, hours and lunch) goes through the operations the Admin
screens use. The visits are generated here, a row at a time, and handed as a stream to
``services.scheduling.synthetic``, which writes them in bulk, so a million rows take seconds of Python rather
than minutes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from frontdesk.demo._patients import fake_npi
from frontdesk.domain import schedule_time as st
from frontdesk.domain.appointment_statuses import (
    ARRIVED, CANCELLED, CHECKED_OUT, CONFIRMED, IN_ROOM, NO_SHOW, SCHEDULED,
)
from frontdesk.errors import ConflictError, ValidationError
from frontdesk.services.admin import providers as provider_service
from frontdesk.services.scheduling import schedule_catalog, schedule_setup, synthetic
from frontdesk.services.scheduling.schedule_setup import BlockoutInput, HoursSpan
from frontdesk.services.scheduling.synthetic import SyntheticAppointment
from frontdesk.services.session import ServiceContext

DEMO_TYPES = (("Office visit", 15, "#4A90D9"), ("Follow-up", 15, "#50E3C2"), ("New patient", 40, "#F5A623"),
              ("Annual physical", 40, "#7ED321"), ("Procedure", 30, "#BD10E0"), ("Telehealth", 15, "#9B9B9B"))
DEMO_ROOMS = ("Exam 1", "Exam 2", "Exam 3", "Exam 4", "Procedure room")
EXTRA_PROVIDERS = (("Priya", "Shah", "MD"), ("Tom", "Becker", "PA"), ("Grace", "Kim", "MD"), ("Luis", "Ortega", "NP"),
                   ("Hannah", "Weiss", "DO"), ("Omar", "Haddad", "MD"), ("Ruth", "Nakamura", "NP"),
                   ("Sam", "Fischer", "MD"), ("Ivy", "Moreau", "PA"), ("Ben", "Adeyemi", "MD"))
DEMO_HOLIDAYS = ((1, 1, "New Year's Day"), (7, 4, "Independence Day"), (12, 25, "Christmas"))
REASONS = ("Follow-up", "Blood pressure check", "Cough", "Medication refill", "Back pain", "Annual physical",
           "Lab review", "Sore throat", "Diabetes check", "Rash", "Headache", "Vaccination")
DAY_START, LUNCH, LUNCH_END, DAY_END = time(8), time(12), time(13), time(17)
MAX_APPOINTMENTS = 5_000_000


@dataclass(frozen=True)
class DemoScheduleResult:
    providers_added: int
    past_appointments: int
    current_appointments: int
    first_day: date | None  # of the past appointments added
    last_day: date | None


def _check_arguments(years: float, per_provider_day: int, future_days: int, fill: float,
                     max_appointments: int | None) -> int:
    """The caller's numbers, checked before anything is written; returns the cap on past visits."""
    if isinstance(per_provider_day, bool) or not isinstance(per_provider_day, int) or not 1 <= per_provider_day <= 48:
        raise ValidationError("per_provider_day", "Visits per provider per day must be 1 to 48.")
    if not 0 <= years <= 50 or not 0 <= future_days <= 366 or not 0.0 <= fill <= 1.0:
        raise ValidationError("years", "Years 0-50, future days 0-366 and fill 0-1, please.")
    cap = MAX_APPOINTMENTS if max_appointments is None else max_appointments
    if isinstance(cap, bool) or not isinstance(cap, int) or not 0 <= cap <= MAX_APPOINTMENTS:
        raise ValidationError("max_appointments", f"At most {MAX_APPOINTMENTS:,} appointments.")
    return cap


def _active_provider_ids(ctx: ServiceContext) -> list[int]:
    return sorted(p.id for p in provider_service.list_providers(ctx))


def _ensure_setup(ctx: ServiceContext, providers_wanted: int | None, rng: random.Random, year: int
                  ) -> tuple[list[int], int]:
    """Rooms, types, holidays, enough providers, and hours + lunch for providers without hours, each added
    as the Admin screens add it. Returns the active providers' ids and how many providers were added."""
    if not schedule_catalog.list_rooms(ctx, include_inactive=True):
        for name in DEMO_ROOMS:
            schedule_catalog.add_room(ctx, name)
    if not schedule_catalog.list_appointment_types(ctx, include_inactive=True):
        for name, minutes, colour in DEMO_TYPES:
            schedule_catalog.add_appointment_type(ctx, name, minutes, colour)
    if not schedule_setup.list_holidays(ctx):
        for y in (year, year + 1):
            for month, day, name in DEMO_HOLIDAYS:
                schedule_setup.add_holiday(ctx, date(y, month, day), name)
    missing = EXTRA_PROVIDERS[:max(0, (providers_wanted or 0) - len(_active_provider_ids(ctx)))]
    for first, last, credential in missing:
        provider_service.add_provider(ctx, first, last, fake_npi(rng), credential)
    active = _active_provider_ids(ctx)
    for pid in active:
        if not schedule_setup.weekly_hours(ctx, pid):
            schedule_setup.set_weekly_hours(ctx, pid, [HoursSpan(d, DAY_START, DAY_END) for d in range(5)])
            for d in range(5):
                schedule_setup.add_blockout(ctx, BlockoutInput("lunch", LUNCH, LUNCH_END, provider_id=pid, weekday=d,
                                                               reason="Lunch"))
    return active, len(missing)


def _slot_starts(per_day: int) -> tuple[list[time], int]:
    """Start times of ``per_day`` visits packed into the working day around lunch, and the slot length."""
    available = 8 * 60
    slot = max(5, (available // per_day) // 5 * 5)
    starts, cursor = [], datetime.combine(date.min, DAY_START)
    for _ in range(per_day):
        if LUNCH <= cursor.time() < LUNCH_END or (cursor + timedelta(minutes=slot)).time() > LUNCH > cursor.time():
            cursor = datetime.combine(date.min, LUNCH_END)
        if (cursor + timedelta(minutes=slot)).time() > DAY_END:
            break
        starts.append(cursor.time())
        cursor += timedelta(minutes=slot)
    return starts, slot


class _Generator:
    """Builds the appointments of whole provider-days from one seeded random stream."""

    def __init__(self, per_day: int, rng: random.Random, tz: ZoneInfo, types: list[tuple[int, int]],
                 patient_ids: tuple[int, ...], now: datetime) -> None:
        self.rng, self.tz, self.types, self.patient_ids, self.now = rng, tz, types, patient_ids, now
        self.starts, self.slot = _slot_starts(per_day)
        self.count = self.past = 0  # made so far; of them in the past
        self.first_day: date | None = None  # the oldest past day made

    def rows(self, past_days: list[date], current_days: list[date], provider_ids: list[int],
             booked: frozenset[tuple[int, date]], fill: float, cap: int) -> Iterator[SyntheticAppointment]:
        """Whole past days, newest first, while they fit under ``cap``; then the current days' free
        provider-days, each slot booked with chance ``fill``."""
        per_day = len(self.starts) * len(provider_ids)
        for day in past_days:
            if self.count + per_day > cap:
                break
            yield from self.day(day, provider_ids, 1.0)
            self.first_day = day
        self.past = self.count
        for day in current_days:
            yield from self.day(day, [p for p in provider_ids if (p, day) not in booked], fill)

    def day(self, day: date, provider_ids: list[int], fill: float) -> Iterator[SyntheticAppointment]:
        rng, now = self.rng, self.now
        offset = datetime.combine(day, time(12), tzinfo=self.tz).utcoffset() or timedelta(0)
        for pid in provider_ids:
            for at in self.starts:
                if fill < 1.0 and rng.random() > fill:
                    continue
                type_id, minutes = self.types[rng.randrange(len(self.types))]
                start = datetime.combine(day, at, tzinfo=UTC) - offset
                end = start + timedelta(minutes=min(minutes, self.slot))
                status, late = self._status(start, end)
                self.count += 1
                yield SyntheticAppointment(
                    self.patient_ids[rng.randrange(len(self.patient_ids))], pid, type_id, start, end, status,
                    status_at=end if status in (CHECKED_OUT, NO_SHOW) else min(start, now),
                    created_at=start - timedelta(days=14), reason=REASONS[rng.randrange(len(REASONS))],
                    cancel_reason="Patient called to cancel" if status == CANCELLED else "", late_cancel=late)

    def _status(self, start: datetime, end: datetime) -> tuple[str, bool]:
        roll, now = self.rng.random(), self.now
        if roll < 0.06:
            return CANCELLED, roll < 0.02
        if end <= now:
            return (NO_SHOW if roll < 0.10 else CHECKED_OUT), False
        if start <= now:
            return IN_ROOM, False
        if start - now <= timedelta(minutes=30):
            return ARRIVED if roll < 0.7 else CONFIRMED, False
        return (CONFIRMED if roll < 0.45 else SCHEDULED), False


def _weekdays(first: date, last: date, holidays: set[date]) -> list[date]:
    days, day = [], first
    while day <= last:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += timedelta(days=1)
    return days


def seed_demo_schedule(ctx: ServiceContext, *, years: float = 1.0, per_provider_day: int = 16,
                       providers: int | None = None, max_appointments: int | None = None, future_days: int = 14,
                       fill: float = 0.75, seed: int = 11) -> DemoScheduleResult:
    """Set up the demo calendar and bulk-insert appointments (only in a demo practice).

    Past: ``years`` of weekdays with ``per_provider_day`` visits per provider (at most ``max_appointments``),
    ending just before the earliest appointment already there (or this week), so calling it again adds
    older history. Current: this week through ``future_days`` ahead, each slot booked with chance ``fill``,
    for provider-days that have nothing booked yet.
    """
    cap = _check_arguments(years, per_provider_day, future_days, fill, max_appointments)
    tz = st.zone(schedule_setup.get_schedule_settings(ctx).time_zone)
    now = st.utc_now()
    today = st.local_date(now, tz)
    monday = today - timedelta(days=today.weekday())
    extent = synthetic.schedule_extent(ctx, monday)  # refuses first outside a demo practice
    patient_ids = synthetic.synthetic_patient_ids(ctx)
    if not patient_ids:
        raise ConflictError("The demo schedule needs patients and appointment types first.")
    rng = random.Random(seed)
    provider_ids, added = _ensure_setup(ctx, providers, rng, today.year)
    types = sorted((t.id, t.default_minutes) for t in schedule_catalog.list_appointment_types(ctx))
    if not types:
        raise ConflictError("The demo schedule needs patients and appointment types first.")
    holidays = {h.day for h in schedule_setup.list_holidays(ctx)}
    rows = _Generator(per_provider_day, rng, tz, types, patient_ids, now)
    earliest = extent.earliest_start
    last_past = min(monday, st.local_date(earliest, tz) if earliest else monday) - timedelta(days=1)
    first_past = last_past - timedelta(days=int(years * 365.25))
    past_days = list(reversed(_weekdays(first_past, last_past, holidays)))
    current_days = _weekdays(monday, today + timedelta(days=future_days), holidays)
    synthetic.add_synthetic_appointments(ctx, rows.rows(past_days, current_days, provider_ids, extent.booked, fill,
                                                        cap))
    return DemoScheduleResult(added, rows.past, rows.count - rows.past, rows.first_day,
                              last_past if rows.first_day else None)
