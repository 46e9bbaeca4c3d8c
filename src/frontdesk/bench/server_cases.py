"""Server-mode benchmarks (issue 19): the same practice on SQLite and on PostgreSQL over loopback TCP.

``frontdesk bench --server`` builds (or reuses) the synthetic SQLite practice, starts a throwaway PostgreSQL
16 on 127.0.0.1 (bench/pg_throwaway.py), migrates a database there and copies every row of the practice into
it. Then, in the same run:

* patient search per keystroke (the same terms on both engines): p95 on PostgreSQL within 2x of SQLite's;
* booking an appointment (the service: rules, insert, audit, commit) in free slots: within 2x likewise;
* five simulated workstations (bench/workstations.py; none with ``--workstations 0``) working a busy day on the
  PostgreSQL database.

Each measured search or booking on one engine is followed by the same call on the other, so the two share
whatever load the machine is under and the ratio stays meaningful on a busy machine.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from functools import partial

from sqlalchemy import Integer, func, insert, select, text

from frontdesk.bench.harness import CaseResult, percentile, result
from frontdesk.domain import schedule_time as st
from frontdesk.models import Appointment, AppointmentType, Base, InsurancePolicy, Patient, PatientPhone, Provider
from frontdesk.services.patients import patients
from frontdesk.services.scheduling import appointment_status, appointments, availability
from frontdesk.services.scheduling.availability import OpeningQuery
from frontdesk.services.session import ServiceContext
from frontdesk.storage.engine import Database
from frontdesk.storage.migrate import upgrade_to_head
from frontdesk.storage.pg_engine import PostgresDatabase

COPY_CHUNK = 5000


def copy_practice(source: Database, target: Database) -> int:
    """Every row of every table of ``source`` into the freshly migrated ``target``, sequences moved on.

    The benchmark's own copy: constraints and triggers are off for the one transaction (replica role), as the
    rows come from a consistent database already. Returns the number of rows copied."""
    copied = 0
    tables = [t for t in Base.metadata.sorted_tables if t.name != "alembic_version"]
    with source.engine.connect() as read, target.engine.begin() as write:
        write.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for table in tables:
            write.execute(table.delete())  # the migrations seed a few rows (e.g. consent types)
            rows = read.execute(select(table)).mappings()
            while chunk := rows.fetchmany(COPY_CHUNK):
                write.execute(insert(table), [dict(r) for r in chunk])
                copied += len(chunk)
        for table in tables:
            key = next(iter(table.primary_key.columns), None)
            if key is not None and isinstance(key.type, Integer) and key.autoincrement is not False:
                write.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key.name}'), "
                                   f"coalesce((SELECT max({key.name}) FROM {table.name}), 0) + 1, false)"))
        write.exec_driver_sql("ANALYZE")
    return copied


def server_copy(sqlite_db: Database, url: str) -> tuple[PostgresDatabase, int, float]:
    """The practice on the server: migrated, rows copied. Returns (database, rows, seconds)."""
    started = time.perf_counter()
    db = PostgresDatabase(url, sqlite_db.key)
    upgrade_to_head(db)
    rows = copy_practice(sqlite_db, db)
    return db, rows, time.perf_counter() - started


def search_terms(db: Database, count: int, seed: int = 5) -> list[str]:
    """Keystroke prefixes people type, from real rows (names, last-first, date of birth, phone, member id)."""
    rng = random.Random(seed)
    with db.session(write=False) as s:
        people = s.execute(select(Patient.last_name, Patient.first_name, Patient.dob)
                           .where(Patient.status != "merged").order_by(func.random()).limit(count)).all()
        phones = s.scalars(select(PatientPhone.digits).order_by(func.random()).limit(count)).all()
        members = s.scalars(select(InsurancePolicy.member_id).order_by(func.random()).limit(count)).all()
    terms: list[str] = []
    for last, first, dob in people:
        terms += [last[:n] for n in range(1, min(len(last), 5) + 1)]
        terms += [f"{last}, {first[:2]}", first[:4], dob.strftime("%m/%d/%Y")]
    terms += [f"({d[:3]}) {d[3:6]}-{d[6:]}" for d in phones] + [m[:rng.randrange(2, max(3, len(m)))] for m in members]
    rng.shuffle(terms)
    return terms


def _interleaved(calls: list[tuple[Callable[[], object], Callable[[], object]]]) -> tuple[list[float], list[float]]:
    """Milliseconds of each (SQLite call, PostgreSQL call) pair, run one after the other.

    Alternating the engines call by call puts both under the same load: the machine is shared, and a busy
    minute that fell on one engine's whole batch would skew the ratio the target is about."""
    lite, pg = [], []
    for lite_call, pg_call in calls:
        for call, samples in ((lite_call, lite), (pg_call, pg)):
            start = time.perf_counter()
            call()
            samples.append((time.perf_counter() - start) * 1000)
    return lite, pg


def _search_ms(lite: ServiceContext, pg: ServiceContext, terms: list[str]) -> tuple[list[float], list[float]]:
    """The same keystroke queries on both engines, alternating; (SQLite ms, PostgreSQL ms)."""
    for ctx in (lite, pg):
        patients.search_patients(ctx, terms[0])  # warm the pool and the statement cache
    return _interleaved([(partial(patients.search_patients, lite, term), partial(patients.search_patients, pg, term))
                         for term in terms])


def _bookings(ctx: ServiceContext, count: int) -> list[appointments.BookingRequest]:
    """``count`` bookings in free slots for patients with nothing booked ahead (found here, not timed)."""
    with ctx.db.session(write=False) as s:
        type_id = s.scalar(select(AppointmentType.id).where(AppointmentType.active)
                           .order_by(AppointmentType.default_minutes, AppointmentType.id).limit(1))
        provider_ids = tuple(s.scalars(select(Provider.id).where(Provider.active).order_by(Provider.id).limit(10)))
        busy = select(Appointment.patient_id).where(Appointment.start_utc >= st.utc_now())  # no rule to meet
        patient_ids = list(s.scalars(select(Patient.id).where(Patient.status == "active", Patient.id.not_in(busy))
                                     .order_by(Patient.id).limit(count + 2)))
    openings = availability.find_openings(ctx, OpeningQuery(type_id, length_minutes=10, provider_ids=provider_ids,
                                                            from_day=None, days=30, limit=count + 2))
    # not the first opening: it may be the slot under way now
    return [appointments.BookingRequest(patient_id, opening.provider_id, type_id, opening.start, length_minutes=10)
            for opening, patient_id in zip(openings[1:], patient_ids[1:], strict=False)]


def _booking_ms(lite: ServiceContext, pg: ServiceContext, count: int) -> tuple[list[float], list[float]]:
    """Book ``count`` appointments on both engines, alternating (the first of each unmeasured: it warms the
    statement caches), then cancel them (not timed). (SQLite ms, PostgreSQL ms)."""
    plans = [_bookings(ctx, count) for ctx in (lite, pg)]
    booked: dict[ServiceContext, list[int]] = {lite: [], pg: []}

    def book(ctx: ServiceContext, request: appointments.BookingRequest) -> None:
        booked[ctx].append(appointments.book_appointment(ctx, request).id)

    pairs = [(partial(book, lite, a), partial(book, pg, b)) for a, b in zip(*plans, strict=False)]
    if pairs:
        pairs[0][0](), pairs[0][1]()
    samples = _interleaved(pairs[1:])
    for ctx, ids in booked.items():
        for appointment_id in ids:
            appointment_status.cancel_appointment(ctx, appointment_id, "benchmark finished")
    return samples


def _compare(name: str, measures: str, pg: list[float], lite: list[float], extra: dict[str, float]) -> CaseResult:
    """A PostgreSQL case against its SQLite baseline; the target is p95 within 2x of SQLite's p95."""
    return result(name, measures, pg, "same on SQLite", lite, 2 * percentile(lite, 95),
                  {**extra, "sqlite_median_ms": round(statistics.median(lite), 3),
                   "sqlite_p95_ms": round(percentile(lite, 95), 3), "p95_ratio": round(percentile(pg, 95) / percentile(lite, 95), 2)})


def run_server_compare(sqlite_db: Database, server_db: PostgresDatabase, actor, repeats: int  # type: ignore[no-untyped-def]
                       ) -> list[CaseResult]:
    """Patient search and booking on both engines, the same work in the same run, call for call alternating."""
    lite, pg = ServiceContext(sqlite_db, actor), ServiceContext(server_db, actor)
    with sqlite_db.session(write=False) as s:
        count = int(s.scalar(select(func.count()).select_from(Patient)) or 0)
    terms = search_terms(sqlite_db, max(4, repeats))
    search_lite, search_pg = _search_ms(lite, pg, terms)
    book_lite, book_pg = _booking_ms(lite, pg, max(5, repeats))
    extra = {"patients": float(count)}
    return [_compare("server_patient_search", f"search_patients on PostgreSQL over loopback, {len(terms)} "
                     "keystroke queries (target: p95 within 2x of SQLite's)", search_pg, search_lite, extra),
            _compare("server_booking", "book_appointment on PostgreSQL over loopback (target: p95 within 2x "
                     "of SQLite's)", book_pg, book_lite, extra)]

