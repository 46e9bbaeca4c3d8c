"""Simulated workstations working a busy day on one practice server (issue 19: "5 workstations, 10 minutes,
zero errors").

Each workstation is a separate process with its own connection pool, signed in as the demo user, doing what
a front desk does all day through the real services: book a visit in a free slot, check in one of today's
booked visits, take a patient payment, take a phone message; one action every ``pause`` seconds (jittered).
A refusal the app is meant to give when two people reach for the same thing (the slot was just taken, the
visit was just checked in elsewhere) is a *conflict*, counted apart: the app said so and nothing broke. Any
other exception is an *error*; the target is none. Reports operations done, conflicts, errors and the p95 of
each action.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from frontdesk.bench.harness import CaseResult, percentile

ACTIONS = ("book", "check_in", "payment", "message")


@dataclass
class Tally:
    """What one workstation did: milliseconds per action, conflicts, and the errors' type names."""

    ms: dict[str, list[float]] = field(default_factory=lambda: {a: [] for a in ACTIONS})
    conflicts: int = 0
    idle: int = 0  # nothing to do for the chosen action (e.g. no visit left to check in today)
    errors: list[str] = field(default_factory=list)


def _one_action(ctx, action: str, rng: random.Random, patient_ids: list[int], provider_ids: list[int],  # type: ignore[no-untyped-def]
                type_id: int) -> bool:
    """Do ``action`` once; False when there was nothing to do."""
    from frontdesk.domain import schedule_time as st
    from frontdesk.models import Appointment
    from frontdesk.services.desk import phone_messages
    from frontdesk.services.payments import payments
    from frontdesk.services.scheduling import appointment_status, appointments, availability
    from frontdesk.services.scheduling.availability import OpeningQuery

    patient_id = rng.choice(patient_ids)
    if action == "book":
        provider = rng.choice(provider_ids)
        openings = availability.find_openings(ctx, OpeningQuery(type_id, length_minutes=15, provider_ids=(provider,),
                                                                days=14, limit=8))
        if not openings:
            return False
        slot = rng.choice(openings)
        appointments.book_appointment(ctx, appointments.BookingRequest(patient_id, slot.provider_id, type_id,
                                                                       slot.start, length_minutes=15))
    elif action == "check_in":
        now = st.utc_now()
        with ctx.db.session(write=False) as s:  # the receptionist picks a visit off today's list
            due = s.scalars(select(Appointment.id).where(
                Appointment.status == "scheduled", Appointment.start_utc >= now - timedelta(hours=2),
                Appointment.start_utc < now + timedelta(hours=6)).limit(20)).all()
        if not due:
            return False
        appointment_status.check_in(ctx, rng.choice(due))
    elif action == "payment":
        payments.take_payment(ctx, patient_id, method="cash", amount=f"{rng.randrange(10, 60)}.00")
    else:
        phone_messages.take_message(ctx, phone_messages.MessageInput(
            caller_name="Bench Caller", patient_id=patient_id, reason="Refill request", text="Please call back.",
            to_user_id=ctx.actor.user_id))
    return True


def work(url: str, key: bytes, username: str, password: str, seconds: float, pause: float, seed: int) -> Tally:
    """One workstation's day (runs in its own process)."""
    from frontdesk.errors import ConflictError
    from frontdesk.models import AppointmentType, Patient, Provider
    from frontdesk.services.admin import auth
    from frontdesk.services.session import ServiceContext
    from frontdesk.storage.pg_engine import PostgresDatabase

    rng, tally = random.Random(seed), Tally()
    db = PostgresDatabase(url, key)
    try:
        ctx = ServiceContext(db, auth.login(ServiceContext(db), username, password))
        with db.session(write=False) as s:
            patient_ids = list(s.scalars(select(Patient.id).where(Patient.status == "active").limit(5000)))
            provider_ids = list(s.scalars(select(Provider.id).where(Provider.active)))
            type_id = s.scalar(select(AppointmentType.id).where(AppointmentType.active).limit(1))
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            action = rng.choices(ACTIONS, (3, 2, 2, 3))[0]
            start = time.perf_counter()
            try:
                if _one_action(ctx, action, rng, patient_ids, provider_ids, type_id):
                    tally.ms[action].append((time.perf_counter() - start) * 1000)
                else:
                    tally.idle += 1
            except ConflictError:
                tally.conflicts += 1
            except Exception as exc:  # noqa: BLE001 - every other failure is what this benchmark counts
                cause = exc.__cause__ or exc.__context__  # the driver's error under a StorageError (no PHI)
                cause = getattr(cause, "orig", cause)
                where = getattr(getattr(cause, "diag", None), "constraint_name", None)  # e.g. a unique key
                tally.errors.append(f"{action}: {type(exc).__name__}"
                                    + (f" ({type(cause).__name__}{' on ' + where if where else ''})"
                                       if cause is not None else ""))
            time.sleep(rng.uniform(0.5, 1.5) * pause)
    finally:
        db.close()
    return tally


def run_workstations(url: str, key: bytes, username: str, password: str, *, workstations: int = 5,
                     seconds: float = 600, pause: float = 2.0) -> list[CaseResult]:
    """``workstations`` processes on one database for ``seconds``; one result row per action."""
    spawn = multiprocessing.get_context("spawn")  # fresh processes: no engine or pool inherited
    with ProcessPoolExecutor(workstations, mp_context=spawn) as pool:
        futures = [pool.submit(work, url, key, username, password, seconds, pause, n) for n in range(workstations)]
        tallies = [f.result() for f in futures]
    errors = [e for t in tallies for e in t.errors]
    conflicts, idle = sum(t.conflicts for t in tallies), sum(t.idle for t in tallies)
    results = []
    for action in ACTIONS:
        samples = [ms for t in tallies for ms in t.ms[action]]
        p95 = percentile(samples, 95)
        results.append(CaseResult(
            f"workstations_{action}", f"{workstations} workstations x {seconds:g} s on one server: {action} "
            f"(errors must be 0)", round(percentile(samples, 50), 3), round(p95, 3), "-", float("nan"),
            float("nan"), None, len(samples), not errors,
            {"operations": float(sum(len(t.ms[a]) for t in tallies for a in ACTIONS)), "errors": float(len(errors)),
             "conflicts": float(conflicts), "idle": float(idle)}))
    if errors:
        print("workstation errors: " + ", ".join(sorted(set(errors))))
    return results
