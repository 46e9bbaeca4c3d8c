"""Synthetic records for the demo practice and the benchmarks: appointments in bulk, and what a generator reads.

Only in a demo practice (``require_demo_practice``): a generated visit in a real practice's database could not
be told from a real one. The generator (which days, which patients, which statuses) is the caller's, in
``frontdesk.demo``; this module checks each row and writes it. A million rows go in chunks through the
driver's own executemany, without the ORM's per-row work, in one transaction with one audit event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, text

from frontdesk.domain import schedule_time as st
from frontdesk.domain.appointment_statuses import STATUS_LABELS
from frontdesk.domain.permissions import Permission
from frontdesk.errors import ValidationError
from frontdesk.models import Appointment, AppointmentType, ExamRoom, Patient, Provider
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services._demo_practice import require_demo_practice
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.storage.bulk import insert_many

MAX_LENGTH_MINUTES = 8 * 60
_TEXT_LIMIT = 200  # reason and cancel reason, as the appointment table holds them
_CHUNK = 20_000
_ANALYZE_AFTER = 50_000
_COLUMNS = ("patient_id", "provider_id", "room_id", "type_id", "start_utc", "end_utc", "length_minutes", "status",
            "status_at", "status_by", "reason", "notes", "series_id", "cancel_reason", "late_cancel",
            "override_rules", "override_reason", "created_at", "created_by", "updated_at")


@dataclass(frozen=True, slots=True)
class SyntheticAppointment:
    """One generated visit. Instants are aware datetimes (stored in UTC); ``end`` - ``start`` is its length."""

    patient_id: int
    provider_id: int
    type_id: int
    start: datetime
    end: datetime
    status: str  # one of frontdesk.domain.appointment_statuses
    status_at: datetime  # when it reached that status
    created_at: datetime  # when it was booked
    reason: str = ""
    cancel_reason: str = ""
    late_cancel: bool = False
    room_id: int | None = None


@dataclass(frozen=True)
class ScheduleExtent:
    """What the calendar holds already, so generated history goes before it and new weeks skip booked days."""

    earliest_start: datetime | None  # of any appointment; None on an empty calendar
    booked_from: date
    booked: frozenset[tuple[int, date]]  # (provider id, practice-local day) with a visit on or after booked_from


@operation(Permission.MANAGE_PRACTICE, write=False)
def schedule_extent(tx: Tx, booked_from: date) -> ScheduleExtent:
    """The first appointment's start and the provider-days booked from ``booked_from`` on; demo practice only."""
    require_demo_practice(tx.session)
    if not isinstance(booked_from, date):
        raise ValidationError("booked_from", "Give the first day as a date.")
    tz = schedule_settings(tx.session).tz
    since = st.day_bounds_utc(booked_from, tz)[0]
    booked = frozenset((pid, st.local_date(start, tz)) for pid, start in tx.session.execute(
        select(Appointment.provider_id, Appointment.start_utc).where(Appointment.start_utc >= since)))
    return ScheduleExtent(tx.session.scalar(select(func.min(Appointment.start_utc))), booked_from, booked)


@operation(Permission.MANAGE_PRACTICE, write=False)
def synthetic_patient_ids(tx: Tx) -> tuple[int, ...]:
    """Every patient's id, for a generator to pick from; demo practice only.

    Unsorted, in the order the database answers (a small index): the demo's seeded picks depend on that
    order, so the same seed books the same patients as it always has.
    """
    require_demo_practice(tx.session)
    return tuple(tx.session.scalars(select(Patient.id)))


def _ids(tx: Tx, column) -> frozenset[int]:  # type: ignore[no-untyped-def]
    return frozenset(tx.session.scalars(select(column)))


class _Checker:
    """Checks one row at a time against the practice's ids and turns it into the stored tuple.

    It runs millions of times in a benchmark load, so the common path is a few comparisons; which field is
    wrong is worked out only once a row has failed.
    """

    def __init__(self, tx: Tx) -> None:
        self.user_id = require_actor(tx).user_id
        self.patients, self.providers = _ids(tx, Patient.id), _ids(tx, Provider.id)
        self.types, self.rooms = _ids(tx, AppointmentType.id), _ids(tx, ExamRoom.id) | {None}
        self.texts: dict[datetime, str] = {}  # a day's rows share their few instants: each is written once
        self.index = 0

    def fail(self, field: str, message: str) -> ValidationError:
        return ValidationError(field, f"Synthetic appointment {self.index:,}: {message}")

    def utc_text(self, value: datetime, field: str) -> str:
        """The text the appointment table stores for an instant (naive UTC to the microsecond), as
        SQLAlchemy's DateTime writes it, so range queries compare right."""
        stored = self.texts.get(value) if isinstance(value, datetime) else None
        if stored is None:
            offset = value.utcoffset() if isinstance(value, datetime) else None
            if offset is None:  # naive: a wall time of some unknown zone
                raise self.fail(field, "give a date and time with its time zone.")
            if len(self.texts) > 10_000:
                self.texts.clear()
            stored = self.texts[value] = (value.replace(tzinfo=None) - offset).isoformat(" ", "microseconds")
        return stored

    def unknown(self, row: SyntheticAppointment) -> ValidationError:
        for field, known in (("patient_id", self.patients), ("provider_id", self.providers),
                             ("type_id", self.types), ("room_id", self.rooms)):
            if getattr(row, field) not in known:
                return self.fail(field, f"there is no {field.removesuffix('_id')} with id {getattr(row, field)!r}.")
        raise AssertionError("unknown() called for a row whose ids are all known")

    def stored(self, row: SyntheticAppointment) -> tuple[object, ...]:
        self.index += 1
        if not isinstance(row, SyntheticAppointment):
            raise self.fail("row", "give a SyntheticAppointment.")
        if (row.patient_id not in self.patients or row.provider_id not in self.providers
                or row.type_id not in self.types or row.room_id not in self.rooms):
            raise self.unknown(row)
        if row.status not in STATUS_LABELS:
            raise self.fail("status", f"{row.status!r} is not an appointment status.")
        start, end = self.utc_text(row.start, "start"), self.utc_text(row.end, "end")
        seconds = (row.end - row.start).total_seconds()
        if not 60 <= seconds <= MAX_LENGTH_MINUTES * 60 or seconds % 60:
            raise self.fail("end", f"the end must be 1 to {MAX_LENGTH_MINUTES} whole minutes after the start.")
        for field in ("reason", "cancel_reason"):
            value = getattr(row, field)
            if type(value) is not str or len(value) > _TEXT_LIMIT:
                raise self.fail(field, f"give text of at most {_TEXT_LIMIT} characters.")
        if type(row.late_cancel) is not bool:
            raise self.fail("late_cancel", "say True or False.")
        created = self.utc_text(row.created_at, "created_at")
        return (row.patient_id, row.provider_id, row.room_id, row.type_id, start, end, int(seconds) // 60,
                row.status, self.utc_text(row.status_at, "status_at"), self.user_id, row.reason, "", None,
                row.cancel_reason, row.late_cancel, "", "", created, self.user_id, created)


@operation(Permission.MANAGE_PRACTICE)
def add_synthetic_appointments(tx: Tx, rows: Iterable[SyntheticAppointment]) -> int:
    """Check and insert generated appointments (demo practice only); returns how many went in.

    ``rows`` is consumed as it comes, in chunks, so a generator of millions never sits in memory. One bad
    row (an unknown id or status, an end not after its start, a visit over eight hours...) raises a
    ValidationError naming its field, and the transaction writes nothing. One audit event for the batch.
    """
    require_demo_practice(tx.session)
    check = _Checker(tx)
    connection = tx.session.connection()
    batch: list[tuple[object, ...]] = []
    count = 0
    for row in rows:
        batch.append(check.stored(row))
        if len(batch) >= _CHUNK:
            insert_many(connection, "appointment", _COLUMNS, batch)
            count, batch = count + len(batch), []
    if batch:
        insert_many(connection, "appointment", _COLUMNS, batch)
        count += len(batch)
    if count > _ANALYZE_AFTER:
        # SQLite plans from the statistics ANALYZE gathers; after a load this big the old ones mislead it.
        connection.execute(text("ANALYZE appointment"))
    tx.audit("demo.schedule", entity_type="appointment", detail=f"{count} synthetic appointments")
    tx.changed("appointments", "schedule_setup", "providers")
    return count

