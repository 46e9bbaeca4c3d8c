"""Synthetic calendar for the demo practice and benchmarks: setup, years of past visits, the current weeks.

Past appointments are bulk-inserted with executemany in chunks (no per-row ORM work), so a million
rows take seconds of Python rather than minutes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select, text

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import Permission
from frontdesk.errors import ConflictError, ValidationError
from frontdesk.models import (
    Appointment,
    AppointmentType,
    Blockout,
    ExamRoom,
    Holiday,
    Patient,
    Practice,
    Provider,
    WorkingHours,
)
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.domain.appointment_statuses import (
    ARRIVED, CANCELLED, CHECKED_OUT, CONFIRMED, IN_ROOM, NO_SHOW, SCHEDULED,
)
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.demo.data import fake_npi

DEMO_TYPES = (("Office visit", 15, "#4A90D9"), ("Follow-up", 15, "#50E3C2"), ("New patient", 40, "#F5A623"),
              ("Annual physical", 40, "#7ED321"), ("Procedure", 30, "#BD10E0"), ("Telehealth", 15, "#9B9B9B"))
DEMO_ROOMS = ("Exam 1", "Exam 2", "Exam 3", "Exam 4", "Procedure room")
EXTRA_PROVIDERS = (("Priya", "Shah", "MD"), ("Tom", "Becker", "PA"), ("Grace", "Kim", "MD"), ("Luis", "Ortega", "NP"),
                   ("Hannah", "Weiss", "DO"), ("Omar", "Haddad", "MD"), ("Ruth", "Nakamura", "NP"),
                   ("Sam", "Fischer", "MD"), ("Ivy", "Moreau", "PA"), ("Ben", "Adeyemi", "MD"))
REASONS = ("Follow-up", "Blood pressure check", "Cough", "Medication refill", "Back pain", "Annual physical",
           "Lab review", "Sore throat", "Diabetes check", "Rash", "Headache", "Vaccination")
DAY_START, LUNCH, LUNCH_END, DAY_END = time(8), time(12), time(13), time(17)
MAX_APPOINTMENTS = 5_000_000
_CHUNK = 20_000
_COLUMNS = ("patient_id", "provider_id", "room_id", "type_id", "start_utc", "end_utc", "length_minutes", "status",
            "status_at", "status_by", "reason", "notes", "series_id", "cancel_reason", "late_cancel",
            "override_rules", "override_reason", "created_at", "created_by", "updated_at")
_INSERT = (f"INSERT INTO appointment ({', '.join(_COLUMNS)}) "
           f"VALUES ({', '.join('?' for _ in _COLUMNS)})")


@dataclass(frozen=True)
class DemoScheduleResult:
    providers_added: int
    past_appointments: int
    current_appointments: int
    first_day: date | None  # of the past appointments added
    last_day: date | None


def _utc_text(value: datetime) -> str:
    """The text SQLAlchemy's SQLite DateTime stores (naive UTC, microseconds), so range queries compare right."""
    return value.isoformat(sep=" ", timespec="microseconds")


def _require_demo(tx: Tx) -> Practice:
    practice = tx.session.scalar(select(Practice).limit(1))
    if practice is None or not practice.is_demo:
        raise ConflictError("Synthetic data can only be added to a demo practice.")
    return practice


def _ensure_setup(tx: Tx, providers_wanted: int | None, rng: random.Random) -> tuple[list[int], int]:
    """Rooms, types, holidays, enough providers, and hours + lunch for providers without hours."""
    session = tx.session
    if session.scalar(select(func.count()).select_from(ExamRoom)) == 0:
        session.add_all(ExamRoom(name=n, active=True) for n in DEMO_ROOMS)
    if session.scalar(select(func.count()).select_from(AppointmentType)) == 0:
        session.add_all(AppointmentType(name=n, default_minutes=m, colour=c, active=True) for n, m, c in DEMO_TYPES)
    if session.scalar(select(func.count()).select_from(Holiday)) == 0:
        year = st.local_date(st.utc_now(), schedule_settings(session).tz).year
        session.add_all(Holiday(day=date(y, m, d), name=n) for y in (year, year + 1)
                        for m, d, n in ((1, 1, "New Year's Day"), (7, 4, "Independence Day"), (12, 25, "Christmas")))
    active = list(session.scalars(select(Provider.id).where(Provider.active.is_(True)).order_by(Provider.id)))
    added = 0
    for first, last, cred in EXTRA_PROVIDERS[:max(0, (providers_wanted or 0) - len(active))]:
        session.add(Provider(first_name=first, last_name=last, credential=cred, npi=fake_npi(rng), active=True))
        added += 1
    session.flush()
    active = list(session.scalars(select(Provider.id).where(Provider.active.is_(True)).order_by(Provider.id)))
    with_hours = set(session.scalars(select(WorkingHours.provider_id).distinct()))
    for pid in active:
        if pid not in with_hours:
            session.add_all(WorkingHours(provider_id=pid, weekday=d, start_time=DAY_START, end_time=DAY_END)
                            for d in range(5))
            session.add_all(Blockout(provider_id=pid, kind="lunch", reason="Lunch", weekday=d, start_time=LUNCH,
                                     end_time=LUNCH_END) for d in range(5))
    session.flush()
    return active, added


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


class _Rows:
    """Builds appointment rows for whole provider-days and flushes them with executemany in chunks."""

    def __init__(self, tx: Tx, per_day: int, rng: random.Random) -> None:
        self.tx, self.rng = tx, rng
        self.tz = schedule_settings(tx.session).tz
        self.user_id = require_actor(tx).user_id
        self.starts, self.slot = _slot_starts(per_day)
        self.types = list(tx.session.execute(select(AppointmentType.id, AppointmentType.default_minutes)
                                             .where(AppointmentType.active.is_(True))))
        self.patient_ids = list(tx.session.scalars(select(Patient.id)))
        if not self.patient_ids or not self.types:
            raise ConflictError("The demo schedule needs patients and appointment types first.")
        self.batch: list[tuple[object, ...]] = []
        self.count = 0

    def day(self, day: date, provider_ids: list[int], now: datetime, fill: float) -> None:
        rng = self.rng
        offset = datetime.combine(day, time(12), tzinfo=self.tz).utcoffset() or timedelta(0)
        for pid in provider_ids:
            for at in self.starts:
                if fill < 1.0 and rng.random() > fill:
                    continue
                type_id, minutes = self.types[rng.randrange(len(self.types))]
                length = min(minutes, self.slot)
                start = datetime.combine(day, at) - offset
                end = start + timedelta(minutes=length)
                status, late = self._status(start, end, now)
                created = start - timedelta(days=14)
                status_at = end if status in (CHECKED_OUT, NO_SHOW) else min(start, now.replace(tzinfo=None))
                self.batch.append((
                    self.patient_ids[rng.randrange(len(self.patient_ids))], pid, None, type_id, _utc_text(start),
                    _utc_text(end), length, status, _utc_text(status_at), self.user_id,
                    REASONS[rng.randrange(len(REASONS))], "", None,
                    "Patient called to cancel" if status == CANCELLED else "", int(late), "", "",
                    _utc_text(created), self.user_id, _utc_text(created)))
        if len(self.batch) >= _CHUNK:
            self.flush()

    def _status(self, start: datetime, end: datetime, now: datetime) -> tuple[str, bool]:
        roll = self.rng.random()
        if roll < 0.06:
            return CANCELLED, roll < 0.02
        naive_now = now.replace(tzinfo=None)
        if end <= naive_now:
            return (NO_SHOW if roll < 0.10 else CHECKED_OUT), False
        if start <= naive_now:
            return IN_ROOM, False
        if start - naive_now <= timedelta(minutes=30):
            return ARRIVED if roll < 0.7 else CONFIRMED, False
        return (CONFIRMED if roll < 0.45 else SCHEDULED), False

    def flush(self) -> None:
        if self.batch:
            self.tx.session.connection().exec_driver_sql(_INSERT, self.batch)
            self.count += len(self.batch)
            self.batch = []


def _weekdays(first: date, last: date, holidays: set[date]) -> list[date]:
    days, day = [], first
    while day <= last:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += timedelta(days=1)
    return days


@operation(Permission.MANAGE_PRACTICE)
def seed_demo_schedule(tx: Tx, *, years: float = 1.0, per_provider_day: int = 16, providers: int | None = None,
                       max_appointments: int | None = None, future_days: int = 14, fill: float = 0.75,
                       seed: int = 11) -> DemoScheduleResult:
    """Set up the demo calendar and bulk-insert appointments (only in a demo practice).

    Past: ``years`` of weekdays with ``per_provider_day`` visits per provider (at most ``max_appointments``),
    ending just before the earliest appointment already there (or this week), so calling it again adds
    older history. Current: this week through ``future_days`` ahead, each slot booked with chance ``fill``,
    for provider-days that have nothing booked yet.
    """
    _require_demo(tx)
    if isinstance(per_provider_day, bool) or not isinstance(per_provider_day, int) or not 1 <= per_provider_day <= 48:
        raise ValidationError("per_provider_day", "Visits per provider per day must be 1 to 48.")
    if not 0 <= years <= 50 or not 0 <= future_days <= 366 or not 0.0 <= fill <= 1.0:
        raise ValidationError("years", "Years 0-50, future days 0-366 and fill 0-1, please.")
    cap = MAX_APPOINTMENTS if max_appointments is None else max_appointments
    if isinstance(cap, bool) or not isinstance(cap, int) or not 0 <= cap <= MAX_APPOINTMENTS:
        raise ValidationError("max_appointments", f"At most {MAX_APPOINTMENTS:,} appointments.")
    rng = random.Random(seed)
    provider_ids, added = _ensure_setup(tx, providers, rng)
    rows = _Rows(tx, per_provider_day, rng)
    now = st.utc_now()
    today = st.local_date(now, rows.tz)
    monday = today - timedelta(days=today.weekday())
    holidays = set(tx.session.scalars(select(Holiday.day)))
    earliest = tx.session.scalar(select(func.min(Appointment.start_utc)))
    last_past = min(monday, st.local_date(earliest, rows.tz) if earliest else monday) - timedelta(days=1)
    first_past = last_past - timedelta(days=int(years * 365.25))
    past_days = [d for d in reversed(_weekdays(first_past, last_past, holidays))]
    made_first: date | None = None
    per_day_rows = len(rows.starts) * len(provider_ids)
    for day in past_days:
        if rows.count + len(rows.batch) + per_day_rows > cap:
            break
        rows.day(day, provider_ids, now, 1.0)
        made_first = day
    rows.flush()
    past = rows.count
    current_days = _weekdays(monday, today + timedelta(days=future_days), holidays)
    if current_days:
        start_utc = st.day_bounds_utc(current_days[0], rows.tz)[0]
        booked = {(pid, st.local_date(s, rows.tz)) for pid, s in tx.session.execute(
            select(Appointment.provider_id, Appointment.start_utc).where(Appointment.start_utc >= start_utc))}
        for day in current_days:
            rows.day(day, [p for p in provider_ids if (p, day) not in booked], now, fill)
        rows.flush()
    if rows.count > 50_000:
        tx.session.connection().execute(text("ANALYZE appointment"))  # fresh statistics for the planner
    tx.audit("demo.schedule", entity_type="appointment", detail=f"{past} past, {rows.count - past} current "
                                                                f"synthetic appointments")
    tx.changed("appointments", "schedule_setup", "providers")
    return DemoScheduleResult(added, past, rows.count - past, made_first, last_past if made_first else None)
