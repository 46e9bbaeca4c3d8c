"""One simulated workstation for the concurrency tests: a separate process with its own PostgresDatabase.

test_pg_concurrency.py starts these with multiprocessing's ``spawn`` (a fresh interpreter, as a second PC would
be: nothing shared with the test process but the server). Each function is the whole life of one workstation:
it opens the practice server, freezes its own clock at the test's ``now`` (a spawned process does not inherit the
test's monkeypatch), works through its list of actions, and puts what happened to each on the ``results`` queue
as plain tuples the test can compare. A barrier before each action makes the workstations start it together.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from frontdesk.domain import schedule_time as st
from frontdesk.errors import FrontDeskError
from frontdesk.services.patients import contact_history
from frontdesk.services.scheduling import appointments
from frontdesk.services.scheduling.appointments import BookingRequest
from frontdesk.services.payments import payments
from frontdesk.services.session import Actor, ServiceContext
from frontdesk.storage.pg_engine import PostgresDatabase

BARRIER_TIMEOUT_S = 60  # a stuck partner fails the test instead of hanging it


def _open(url: str, db_key: bytes, actor: Actor, now: datetime) -> ServiceContext:
    st.utc_now = lambda: now  # type: ignore[assignment]  # this process's practice clock, frozen like the test's
    return ServiceContext(PostgresDatabase(url, db_key), actor)


def _outcome(action: Callable[[], Any]) -> tuple[str, str]:
    """("ok", id) or ("refused", the message the person would see, with the error's class)."""
    try:
        return "ok", str(action().id)
    except FrontDeskError as exc:
        return "refused", f"{type(exc).__name__}: {exc}"


def book_in_turn(url: str, db_key: bytes, actor: Actor, now: datetime, requests: list[BookingRequest],
                 barrier: Any, results: Any, name: str) -> None:
    """Book each request at the same moment as the other workstation books its own for the same slot."""
    ctx = _open(url, db_key, actor, now)
    try:
        for number, request in enumerate(requests):
            barrier.wait(BARRIER_TIMEOUT_S)
            results.put((name, number, *_outcome(lambda: appointments.book_appointment(ctx, request))))
    finally:
        ctx.db.close()


def take_payments(url: str, db_key: bytes, actor: Actor, now: datetime, patient_id: int, amounts: list[str],
                  barrier: Any, results: Any, name: str) -> None:
    """Post each amount for the patient, in step with the other workstations posting theirs."""
    ctx = _open(url, db_key, actor, now)
    try:
        for number, amount in enumerate(amounts):
            barrier.wait(BARRIER_TIMEOUT_S)
            results.put((name, number, *_outcome(
                lambda: payments.take_payment(ctx, patient_id, method="cash", amount=amount))))
    finally:
        ctx.db.close()


def log_contacts(url: str, db_key: bytes, actor: Actor, now: datetime, patient_id: int, count: int,
                 barrier: Any, results: Any, name: str) -> None:
    """Write ``count`` contact-log entries (each one audit event), in step with the others."""
    ctx = _open(url, db_key, actor, now)
    try:
        for number in range(count):
            barrier.wait(BARRIER_TIMEOUT_S)
            results.put((name, number, *_outcome(
                lambda: contact_history.add_contact_note(ctx, patient_id, f"{name} call {number}", kind="call"))))
    finally:
        ctx.db.close()


def die_holding_the_lock(url: str, db_key: bytes, actor: Actor, now: datetime, patient_id: int,
                         holding: Any) -> None:
    """Take a payment, but stop for good in the middle of its transaction (after the payment row and its audit
    event are written, before the commit) and say so; the test then kills this process with SIGKILL."""
    from frontdesk.services import _base  # the service machinery: where the transaction's audit event is written

    ctx = _open(url, db_key, actor, now)
    original = _base.append_event

    def append_then_hang(session, *args, **kwargs):  # type: ignore[no-untyped-def]
        event = original(session, *args, **kwargs)
        session.flush()
        holding.set()
        while True:  # the writer lock is held until the process dies
            time.sleep(1)
        return event

    _base.append_event = append_then_hang  # type: ignore[assignment]
    payments.take_payment(ctx, patient_id, method="cash", amount="99.99")
