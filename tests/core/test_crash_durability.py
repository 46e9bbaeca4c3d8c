"""Killing FrontDesk mid-write (SIGKILL) never loses an acknowledged commit nor breaks the audit chain."""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import textwrap
import time
from collections.abc import Callable
from typing import IO

import pytest
from fd_testlib import ADMIN_PASSWORD
from forked_runs import ForkedRuns
from sqlalchemy import func, select

from frontdesk.services.admin.checks import run_checks
from frontdesk.models import AuditEvent, Patient
from frontdesk.storage.engine import Database
from frontdesk.storage.integrity import check_database

pytestmark = pytest.mark.sqlite_only("kills writers of the SQLite file and reopens it")

ROUNDS = 10
ACK_TIMEOUT_S = 60
PRELOAD = ["frontdesk.services.admin.auth", "frontdesk.services.patients.patients", "frontdesk.services.session",
           "frontdesk.storage.engine"]

CHILD = textwrap.dedent("""
    import os, sys
    from pathlib import Path

    from frontdesk.services.admin import auth
    from frontdesk.services.patients import patients
    from frontdesk.services.session import ServiceContext
    from frontdesk.storage.engine import Database

    key = bytes.fromhex(os.environ.pop("FD_TEST_DB_KEY"))
    password = os.environ.pop("FD_TEST_PASSWORD")
    db = Database(Path(sys.argv[1]), key)
    actor = auth.login(ServiceContext(db), "admin", password)
    ctx = ServiceContext(db, actor)
    round_tag = "".join(chr(ord("a") + int(d)) for d in sys.argv[2])
    n = 0
    while True:
        n += 1
        tag = "".join(chr(ord("a") + int(d)) for d in str(n))
        record = patients.register_patient(ctx, patients.PatientInput(
            first_name="Crash" + tag, last_name="Round" + round_tag, dob="01/02/1980", sex="F",
            phone="(518) 555-0100", address_line1="1 Main Street", city="Albany", state="NY", zip_code="12207"),
            duplicate_override_reason="crash test: one family of look-alikes")
        # register_patient has returned: the transaction is committed; acknowledge it.
        print(record.account_number, flush=True)
""")


def _read_acks(stream: IO[str], wanted: int, early_exit: Callable[[], str]) -> list[str]:
    acks: list[str] = []
    deadline = time.monotonic() + ACK_TIMEOUT_S
    with selectors.DefaultSelector() as sel:
        sel.register(stream, selectors.EVENT_READ)
        while len(acks) < wanted:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not sel.select(timeout=remaining):
                pytest.fail(f"child gave only {len(acks)} acknowledgements in {ACK_TIMEOUT_S} s")
            line = stream.readline()
            if not line:
                pytest.fail(f"child exited early {early_exit()}")
            acks.append(line.strip())
    return acks


@pytest.mark.slow  # a crash loop; dev.py test and CI run it
def test_sigkill_loop_keeps_every_acknowledged_commit(practice, data_paths, tmp_path) -> None:
    key = practice.db.key
    practice.db.close()
    script = tmp_path / "writer.py"
    script.write_text(CHILD, encoding="utf-8")
    env = dict(os.environ, FD_TEST_DB_KEY=key.hex(), FD_TEST_PASSWORD=ADMIN_PASSWORD)

    acknowledged: list[str] = []
    # Each round's writer is a process of its own, forked from one that has imported the app already
    # (forked_runs.py); its output comes through a FIFO as it writes, as through a pipe.
    with ForkedRuns(script, env, tmp_path, PRELOAD) as writers:
        for round_no in range(ROUNDS):
            acks, err = tmp_path / f"acks{round_no}", tmp_path / f"writer{round_no}.err"
            os.mkfifo(acks)
            pid = writers.start(acks, err, str(data_paths.database), str(round_no))
            status: list[int] = []

            def ended() -> str:  # the writer closed its output: how it ended, and what it said
                status.append(writers.wait())
                return f"({status[0]}): {err.read_text(encoding='utf-8')[-2000:]}"

            with open(acks, encoding="utf-8") as stream:
                try:
                    acknowledged += _read_acks(stream, 2 + round_no % 4, ended)
                finally:
                    if not status:  # killed mid-write, its output still open (a closed one could end it first)
                        with contextlib.suppress(ProcessLookupError):  # it ended already: wait() says how
                            os.kill(pid, signal.SIGKILL)
                        status.append(writers.wait())
            assert status == [-signal.SIGKILL]

    assert len(acknowledged) == len(set(acknowledged)) >= ROUNDS * 2
    db = Database(data_paths.database, key)
    try:
        with db.session(write=False) as session:
            stored = set(session.scalars(select(Patient.account_number)))
            created_events = session.scalar(select(func.count()).select_from(AuditEvent)
                                            .where(AuditEvent.action == "patient.create"))
        # each patient row and its audit event commit together, or neither does
        assert created_events == len(stored)
        missing = [acct for acct in acknowledged if acct not in stored]
        assert missing == []
        integrity = check_database(db)
        assert integrity.ok, integrity.problems
        report = run_checks(db)
        assert report.ok, report.lines
    finally:
        db.close()
