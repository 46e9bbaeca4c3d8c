"""Benchmarks of the calendar core (10 providers, up to a million past visits): day and week views,
find an opening over 60 days, moving an appointment; each against a bare-SQL baseline."""

from __future__ import annotations

import math
import time
from datetime import UTC, date, datetime, timedelta

from frontdesk.bench.harness import CaseResult, result, time_calls
from frontdesk.domain import schedule_time as st
from frontdesk.paths import DataPaths
from frontdesk.services.scheduling import (
    appointment_status,
    appointments,
    availability,
    schedule_setup,
    schedule_views,
)
from frontdesk.services.admin import auth
from frontdesk.services.patients import patients
from frontdesk.services.session import ServiceContext
from frontdesk.services.scheduling.availability import OpeningQuery
from frontdesk.demo.schedule import seed_demo_schedule
from frontdesk.services.patients.patients import PatientInput
from frontdesk.storage.engine import Database

PROVIDERS = 10
PER_PROVIDER_DAY = 40
BUSINESS_DAYS_A_YEAR = 250

_VIEW_SQL = ("SELECT a.id, a.start_utc, a.end_utc, a.status, a.reason, p.first_name, p.last_name, p.phone, "
             "t.name, t.colour, r.name FROM appointment a JOIN patient p ON p.id = a.patient_id "
             "JOIN provider d ON d.id = a.provider_id JOIN appointment_type t ON t.id = a.type_id "
             "LEFT JOIN exam_room r ON r.id = a.room_id WHERE a.provider_id IN ({ids}) AND a.start_utc >= ? "
             "AND a.start_utc < ? AND a.end_utc > ? ORDER BY a.start_utc")
_BUSY_SQL = ("SELECT provider_id, start_utc, end_utc FROM appointment WHERE provider_id IN ({ids}) "
             "AND start_utc >= ? AND start_utc < ? AND status NOT IN ('cancelled', 'no_show') "
             "ORDER BY provider_id, start_utc")


def _admin_ctx(db: Database) -> ServiceContext:
    from frontdesk.demo.build import DEMO_PASSWORD, DEMO_USERNAME

    return ServiceContext(db, auth.login(ServiceContext(db), DEMO_USERNAME, DEMO_PASSWORD))


def _scalar(db: Database, sql: str, params: tuple[object, ...] = ()) -> object:
    conn = db.raw_connection()
    try:
        row = conn.execute(sql, params).fetchone()
        return None if row is None else row[0]
    finally:
        conn.close()


def ensure_calendar_data(db: Database, ctx: ServiceContext, appointments_wanted: int) -> int:
    """Top the demo practice up to 10 providers and ``appointments_wanted`` past visits; returns the count."""
    have = int(_scalar(db, "SELECT count(*) FROM appointment") or 0)
    providers = int(_scalar(db, "SELECT count(*) FROM provider WHERE active") or 0)
    if have >= appointments_wanted * 0.98 and providers >= PROVIDERS:
        return have
    # at least two weeks of full days for every provider, so the day and week views have a full week
    needed = max(PROVIDERS * PER_PROVIDER_DAY * 10, appointments_wanted - have)
    years = math.ceil(needed / (PROVIDERS * PER_PROVIDER_DAY * BUSINESS_DAYS_A_YEAR)) + 1
    started = time.perf_counter()
    done = seed_demo_schedule(ctx, years=years, per_provider_day=PER_PROVIDER_DAY, providers=PROVIDERS,
                              max_appointments=needed, future_days=60, fill=0.9)
    print(f"added {done.past_appointments:,} past and {done.current_appointments:,} current appointments "
          f"in {time.perf_counter() - started:.1f} s")
    return int(_scalar(db, "SELECT count(*) FROM appointment") or 0)


def _full_day(db: Database, provider_ids: list[int], tz) -> date:  # type: ignore[no-untyped-def]
    """A past Monday on which every benchmark provider is booked (in the oldest generated history, whose
    first week may be partial, so the search starts a week in)."""
    first = date.fromisoformat(str(_scalar(db, "SELECT min(start_utc) FROM appointment"))[:10])
    day = first + timedelta(days=7 - first.weekday())
    ids = ",".join(str(i) for i in provider_ids)
    for _ in range(60):
        start, end = st.day_bounds_utc(day, tz)
        n = _scalar(db, f"SELECT count(DISTINCT provider_id) FROM appointment WHERE provider_id IN ({ids}) "
                        "AND start_utc >= ? AND start_utc < ?", (_text(start), _text(end)))
        if n == len(provider_ids):
            return day
        day += timedelta(days=7)
    raise RuntimeError("no day with every provider booked; rebuild the benchmark practice")


def _text(value: datetime) -> str:
    """A bind value in the form the appointment table stores (naive UTC text)."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _bare(db: Database, sql: str, params: tuple[object, ...], repeats: int) -> list[float]:
    conn = db.raw_connection()
    try:
        return time_calls(lambda: conn.execute(sql, params).fetchall(), repeats)
    finally:
        conn.close()


def case_views(db: Database, ctx: ServiceContext, provider_ids: list[int], day: date, repeats: int
               ) -> list[CaseResult]:
    """Day view (10 providers x 40) and week view services vs the same join as bare SQL."""
    zone = st.zone(schedule_setup.get_schedule_settings(ctx).time_zone)
    ids = ",".join(str(i) for i in provider_ids)
    rows = len(schedule_views.day_view(ctx, day, provider_ids, include_inactive=True).appointments)
    week_rows = len(schedule_views.week_view(ctx, day - timedelta(days=day.weekday()), provider_ids,
                                             include_inactive=True).appointments)
    out = []
    for name, first, days, target in (("calendar_day_view", day, 1, 50),
                                      ("calendar_week_view", day - timedelta(days=day.weekday()), 7, 100)):
        start = st.day_bounds_utc(first, zone)[0]
        end = st.day_bounds_utc(first + timedelta(days=days - 1), zone)[1]
        params = (_text(start - timedelta(hours=12)), _text(end), _text(start))
        samples = time_calls(lambda f=first, n=days: schedule_views.week_view(
            ctx, f, provider_ids, days=n, include_inactive=True), repeats)
        out.append(result(name, f"{days}-day view of {len(provider_ids)} providers ({rows} visits a day) "
                                "with hours and blockouts", samples, "bare SQL join",
                          _bare(db, _VIEW_SQL.format(ids=ids), params, repeats), target,
                          {"rows_on_day": rows, "rows_in_week": week_rows}))
    return out


def case_find_opening(db: Database, ctx: ServiceContext, provider_ids: list[int], type_id: int, repeats: int
                      ) -> list[CaseResult]:
    """find_openings over the next 60 days: the first 10, and a search nothing fits (scans every day)."""
    zone = st.zone(schedule_setup.get_schedule_settings(ctx).time_zone)
    today = st.local_date(st.utc_now(), zone)
    start, end = st.day_bounds_utc(today, zone)[0], st.day_bounds_utc(today + timedelta(days=59), zone)[1]
    base = _bare(db, _BUSY_SQL.format(ids=",".join(str(i) for i in provider_ids)), (_text(start), _text(end)),
                 repeats)
    out = []
    for name, length, limit, what in (("find_opening_60d_first10", None, 10, "first 10 openings"),
                                      ("find_opening_60d_exhaustive", 8 * 60, 10, "a length nothing fits")):
        query = OpeningQuery(type_id, length_minutes=length, provider_ids=tuple(provider_ids), days=60, limit=limit)
        found = len(availability.find_openings(ctx, query))
        samples = time_calls(lambda q=query: availability.find_openings(ctx, q), repeats)
        out.append(result(name, f"find_openings, {len(provider_ids)} providers x 60 days, {what}", samples,
                          "bare SQL of the busy times", base, 200, {"found": found}))
    return out


def _free_patient(db: Database, ctx: ServiceContext, after: datetime) -> int:
    """A patient with nothing booked from ``after`` on, so the moves never meet their own visits.

    A small practice may have none: then a dedicated benchmark patient (registered once) is used.
    """
    free = _scalar(db, "SELECT id FROM patient WHERE id NOT IN (SELECT patient_id FROM appointment "
                       "WHERE start_utc >= ? AND status NOT IN ('cancelled', 'no_show')) ORDER BY id LIMIT 1",
                   (_text(after),))
    if free is not None:
        return int(free)
    found = patients.search_patients(ctx, "Benchmark, Mover")
    if found:
        return found[0].id
    return patients.register_patient(ctx, PatientInput(first_name="Mover", last_name="Benchmark",
                                                       dob="01/02/1980", sex="F")).id


def case_move(db: Database, ctx: ServiceContext, provider_ids: list[int], type_id: int, repeats: int) -> CaseResult:
    """move_appointment (conflict checks + update + history + audit, one write transaction) between two
    free slots vs a bare overlap SELECT + UPDATE + COMMIT."""
    openings = availability.find_openings(ctx, OpeningQuery(type_id, length_minutes=10,
                                                            provider_ids=tuple(provider_ids), days=60, limit=40))
    a, b = openings[0], openings[-1]
    booked = appointments.book_appointment(ctx, appointments.BookingRequest(
        _free_patient(db, ctx, a.start - timedelta(days=1)), a.provider_id, type_id, a.start, length_minutes=10))
    places = [(b.start, b.provider_id), (a.start, a.provider_id)]
    step = iter(range(10**9))

    def move() -> None:
        start, provider_id = places[next(step) % 2]
        appointments.move_appointment(ctx, booked.id, start, provider_id)

    samples = time_calls(move, repeats)
    appointment_status.cancel_appointment(ctx, booked.id, "benchmark finished")
    conn = db.raw_connection()
    try:
        def bare() -> None:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("SELECT id FROM appointment WHERE provider_id = ? AND start_utc < ? AND start_utc >= ? "
                         "AND end_utc > ? AND status NOT IN ('cancelled', 'no_show')",
                         (a.provider_id, _text(a.end), _text(a.start - timedelta(hours=12)), _text(a.start))).fetchall()
            conn.execute("UPDATE appointment SET updated_at = ? WHERE id = ?", (_text(datetime.now(UTC)), booked.id))
            conn.execute("COMMIT")

        base = time_calls(bare, repeats)
    finally:
        conn.close()
    return result("calendar_move_appointment", "move_appointment: rules checked, moved, history + audit, committed",
                  samples, "bare SELECT + UPDATE + COMMIT", base, 50)


def run_calendar_cases(paths: DataPaths, db: Database, repeats: int, *, appointments: int) -> list[CaseResult]:
    """Every calendar case; tops the (demo) practice up to 10 providers and ``appointments`` visits first."""
    del paths  # the cases work on the open database; kept for the bench command's uniform call
    ctx = _admin_ctx(db)
    total = ensure_calendar_data(db, ctx, appointments)
    conn = db.raw_connection()
    try:
        provider_ids = [r[0] for r in conn.execute(
            "SELECT id FROM provider WHERE active ORDER BY id LIMIT ?", (PROVIDERS,)).fetchall()]
        type_id = conn.execute("SELECT id FROM appointment_type WHERE active ORDER BY default_minutes, id "
                               "LIMIT 1").fetchone()[0]
    finally:
        conn.close()
    zone = st.zone(schedule_setup.get_schedule_settings(ctx).time_zone)
    day = _full_day(db, provider_ids, zone)
    results = case_views(db, ctx, provider_ids, day, repeats)
    results += case_find_opening(db, ctx, provider_ids, type_id, repeats)
    results.append(case_move(db, ctx, provider_ids, type_id, repeats))
    return [CaseResult(**{**r.__dict__, "extra": {**r.extra, "appointments": float(total)}}) for r in results]
