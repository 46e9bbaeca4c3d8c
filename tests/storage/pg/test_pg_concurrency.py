"""Several workstations writing at once (issue 19), as real separate processes on one PostgreSQL database.

Each workstation is a spawned process with its own PostgresDatabase (pg_workstation.py); a barrier starts
every round's actions together so the races are real. What must hold: of two bookings of one provider's slot
exactly one wins and the other gets the conflict message; money posted from three workstations adds up to the
cent and is never over-applied; the audit chain verifies after concurrent appends; a workstation killed in the
middle of a transaction, while it holds the writer lock, leaves nothing half-saved and the others go on.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from time import sleep

import pg_workstation
import pytest
from calendar_support import build_clinic, local
from sqlalchemy import func, select, text

from frontdesk.errors import StorageError
from frontdesk.models import Appointment, AuditEvent, Encounter, Payment, ServiceLine
from frontdesk.services._audit_chain import verify_chain, verify_posted_money
from frontdesk.services.payments import ledger
from frontdesk.services.scheduling.appointments import BookingRequest
from frontdesk.storage import pg_engine

NOW = datetime(2030, 3, 4, 13, 0, tzinfo=UTC)  # Monday 03/04/2030 8:00 AM Eastern (calendar_support's week)
RACES = 200
JOIN_TIMEOUT_S = 120
SPAWN = multiprocessing.get_context("spawn")  # a fresh interpreter per workstation, as on a second PC


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pg_workstation.st, "utc_now", lambda: NOW)


def _address(practice) -> tuple[str, bytes]:  # type: ignore[no-untyped-def]
    return practice.db.engine.url.render_as_string(hide_password=False), practice.db.key


def _run(*workstations: tuple) -> list[tuple]:  # type: ignore[type-arg]
    """Start each (function, args...) as its own process, wait for all, return what they reported."""
    results = SPAWN.Queue()
    processes = [SPAWN.Process(target=target, args=(*args, results, f"ws{n}"))
                 for n, (target, *args) in enumerate(workstations)]
    for process in processes:
        process.start()
    reported = []
    try:
        # read while they run: a process cannot end while what it put is still waiting in a full pipe
        quiet = 0  # seconds in a row with nothing reported
        while quiet < JOIN_TIMEOUT_S:
            try:
                reported.append(results.get(timeout=1))
                quiet = 0
            except queue.Empty:
                if not any(process.is_alive() for process in processes):
                    break
                quiet += 1
        for process in processes:
            process.join(JOIN_TIMEOUT_S)
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
    assert [p.exitcode for p in processes] == [0] * len(processes)
    return reported


def _open_slots(count: int) -> list[datetime]:
    """The first ``count`` half-hour starts inside Dr A's hours (Mon-Fri 9-12 and 1-5), from Tuesday on."""
    slots: list[datetime] = []
    day = date(2030, 3, 5)
    while len(slots) < count:
        if day.weekday() < 5:
            for hour in (9, 10, 11, 13, 14, 15, 16):
                slots.extend((local(day, hour), local(day, hour, 30)))
        day += timedelta(days=1)
    return slots[:count]


def test_two_workstations_booking_one_slot_exactly_one_wins(admin_ctx, frontdesk_ctx, practice) -> None:  # type: ignore[no-untyped-def]
    clinic = build_clinic(admin_ctx, frontdesk_ctx)
    slots = _open_slots(RACES)
    # Same provider, same start, different patients: only the provider's calendar can clash.
    ann = [BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit, start) for start in slots]
    bob = [BookingRequest(clinic.pat[1], clinic.dr_a, clinic.visit, start) for start in slots]
    barrier = SPAWN.Barrier(2)
    url, key = _address(practice)
    reported = _run((pg_workstation.book_in_turn, url, key, frontdesk_ctx.actor, NOW, ann, barrier),
                    (pg_workstation.book_in_turn, url, key, frontdesk_ctx.actor, NOW, bob, barrier))
    rounds: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for _name, number, outcome, what in reported:
        rounds[number].append((outcome, what))
    assert len(rounds) == RACES
    for number, outcomes in rounds.items():
        assert sorted(o for o, _ in outcomes) == ["ok", "refused"], (number, outcomes)
        refusal = next(what for o, what in outcomes if o == "refused")
        when = f"{slots[number]:%m/%d/%Y} {slots[number]:%-I:%M %p}"
        assert refusal.startswith(f"ScheduleConflict: Maria Alvarez, MD already has an appointment {when}-"), refusal
        assert refusal.endswith("Booking anyway needs an override with a reason (provider overlap)."), refusal
    with practice.db.session(write=False) as session:
        booked = session.execute(select(Appointment.start_utc).where(Appointment.provider_id == clinic.dr_a)).all()
        assert len(booked) == RACES and len(set(booked)) == RACES  # one appointment per slot, no double booking
        assert verify_chain(session, practice.db.audit_key).ok


def _charges(practice, patient_id: int, provider_id: int, cents: tuple[int, ...]) -> None:  # type: ignore[no-untyped-def]
    """A past visit's charges the patient owes (no claim: all of it is the patient's)."""
    day = date(2030, 2, 1)
    with practice.db.session(write=True) as session:
        visit = Encounter(patient_id=patient_id, service_date=day, status="billed", rendering_provider_id=provider_id)
        session.add(visit)
        session.flush()
        session.add_all([ServiceLine(encounter_id=visit.id, line_number=n, from_date=day, to_date=day,
                                     place_of_service="11", code="99213", charge_cents=c)
                         for n, c in enumerate(cents, start=1)])


def test_payments_from_three_workstations_add_up_to_the_cent(admin_ctx, frontdesk_ctx, practice) -> None:  # type: ignore[no-untyped-def]
    clinic = build_clinic(admin_ctx, frontdesk_ctx)
    patient = clinic.pat[2]
    _charges(practice, patient, clinic.dr_a, (10000, 5000))  # $150.00 owed
    amounts = [[f"{7 + n}.{(11 * ws + n) % 100:02d}" for n in range(15)] for ws in range(3)]
    barrier = SPAWN.Barrier(3)
    url, key = _address(practice)
    reported = _run(*[(pg_workstation.take_payments, url, key, frontdesk_ctx.actor, NOW, patient, mine, barrier)
                      for mine in amounts])
    assert [outcome for *_, outcome, _ in reported] == ["ok"] * 45
    taken = sum(Decimal(a) for mine in amounts for a in mine)
    with practice.db.session(write=False) as session:
        posted = session.scalar(select(func.sum(Payment.amount_cents)).where(Payment.patient_id == patient))
        chain = verify_chain(session, practice.db.audit_key)
        checked, problems = verify_posted_money(session)
    assert Decimal(posted) / 100 == taken
    balance = ledger.patient_balance(admin_ctx, patient)
    # Each payment went to what was still owed when it was posted: $150 applied in all, never more; the rest is credit.
    assert balance.owes == Decimal("150.00") - taken and balance.credit == taken - Decimal("150.00")
    assert chain.ok, chain.problem
    assert checked >= 45 and problems == []


def test_concurrent_audit_appends_keep_one_verifiable_chain(admin_ctx, frontdesk_ctx, practice) -> None:  # type: ignore[no-untyped-def]
    clinic = build_clinic(admin_ctx, frontdesk_ctx)
    with practice.db.session(write=False) as session:
        before = session.scalar(select(func.count()).select_from(AuditEvent))
    barrier = SPAWN.Barrier(3)
    url, key = _address(practice)
    reported = _run(*[(pg_workstation.log_contacts, url, key, frontdesk_ctx.actor, NOW, clinic.pat[n], 25, barrier)
                      for n in range(3)])
    assert [outcome for *_, outcome, _ in reported] == ["ok"] * 75
    with practice.db.session(write=False) as session:
        chain = verify_chain(session, practice.db.audit_key)
        seqs = session.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)).all()
    assert chain.ok, chain.problem
    assert chain.events == before + 75 and seqs == list(range(1, before + 76))  # no seq lost or taken twice


def _wait_until(condition: Callable[[], bool]) -> None:
    """Poll another process's progress (no Qt here for qtbot.waitUntil); fail after JOIN_TIMEOUT_S."""
    for _poll in range(JOIN_TIMEOUT_S * 20):
        if condition():
            return
        sleep(0.05)
    pytest.fail("the other workstation never queued for the writer lock")


def _waiting_for_the_writer_lock(practice) -> int:  # type: ignore[no-untyped-def]
    with practice.db.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).scalar()


def test_a_workstation_killed_holding_the_lock_leaves_nothing_half_saved(admin_ctx, frontdesk_ctx, practice) -> None:  # type: ignore[no-untyped-def]
    clinic = build_clinic(admin_ctx, frontdesk_ctx)
    patient = clinic.pat[0]
    with practice.db.session(write=False) as session:
        events_before = session.scalar(select(func.count()).select_from(AuditEvent))
    url, key = _address(practice)
    holding = SPAWN.Event()
    doomed = SPAWN.Process(target=pg_workstation.die_holding_the_lock,
                           args=(url, key, frontdesk_ctx.actor, NOW, patient, holding))
    # kept in locals: a started process drops its arguments, and these must outlive the child's unpickling
    results, alone = SPAWN.Queue(), SPAWN.Barrier(1)
    other = SPAWN.Process(target=pg_workstation.take_payments,
                          args=(url, key, frontdesk_ctx.actor, NOW, patient, ["25.00"], alone, results, "ws1"))
    doomed.start()
    try:
        assert holding.wait(JOIN_TIMEOUT_S), "the doomed workstation never reached the middle of its payment"
        other.start()
        # the other workstation queues behind the lock the doomed one holds; then the doomed one dies
        _wait_until(lambda: _waiting_for_the_writer_lock(practice) == 1)
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.join(JOIN_TIMEOUT_S)
        other.join(JOIN_TIMEOUT_S)
        assert other.exitcode == 0
        assert results.get(timeout=5)[2] == "ok"
    finally:
        for process in (doomed, other):
            if process.is_alive():
                process.kill()
    assert doomed.exitcode == -signal.SIGKILL
    with practice.db.session(write=False) as session:
        amounts = session.scalars(select(Payment.amount_cents).where(Payment.patient_id == patient)).all()
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.seq > events_before)).all()
        chain = verify_chain(session, practice.db.audit_key)
    assert amounts == [2500]  # the killed workstation's $99.99 is gone, payment row and all
    assert actions == ["payment.take"]
    assert chain.ok, chain.problem


def test_a_writer_waits_for_the_lock_then_is_told_to_try_again(practice, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The wait is bounded like SQLite's busy timeout and ends in the same sentence."""
    short = pg_engine.TAKE_WRITER_LOCK.replace(f"lock_timeout = {pg_engine.BUSY_TIMEOUT_MS}", "lock_timeout = 200")
    assert short != pg_engine.TAKE_WRITER_LOCK
    monkeypatch.setattr(pg_engine, "TAKE_WRITER_LOCK", short)
    with practice.db.session(write=True) as holder:
        holder.execute(select(1))
        other = pg_engine.PostgresDatabase(*_address(practice))
        try:
            with pytest.raises(StorageError, match="busy in another window or program; try again"):
                with other.session(write=True) as session:
                    session.execute(select(1))
            with other.session(write=False) as reader:  # readers never wait for a writer
                assert reader.execute(select(1)).scalar() == 1
        finally:
            other.close()
