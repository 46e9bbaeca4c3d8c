"""The server is down (issue 19): a lost server is its own clear error, nothing is half-saved, and the next
call after the server is back succeeds. A full disk on the server says so."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from pg_practice import practice_on_own_server
from pg_server import PgServer
from sqlalchemy import create_engine, exc as sa_exc, func, select, text

from frontdesk.error_messages import SERVER_DISK_FULL, SERVER_UNAVAILABLE, to_user_message
from frontdesk.errors import DiskFullError, ServerUnavailableError, StorageError
from frontdesk.first_run import FirstRunResult
from frontdesk.models import AuditEvent, Patient
from frontdesk.services import _base
from frontdesk.services.patients import patients
from frontdesk.services.patients.patients import PatientInput
from frontdesk.services.session import ServiceContext
from frontdesk.storage.engine import translate_db_error

ANN = PatientInput(first_name="Ann", last_name="Able", dob="03/14/1962", sex="F", phone="(518) 555-0142")


def _wrapped(orig: BaseException) -> sa_exc.DBAPIError:
    return sa_exc.OperationalError("SELECT 1", {}, orig)


@pytest.mark.parametrize("state", ["08006", "08001", "57P01", "57P02", "57P03"])
def test_a_server_going_away_is_server_unavailable(state: str) -> None:
    error = translate_db_error(_wrapped(psycopg.errors.lookup(state)("terminating connection")))
    assert isinstance(error, ServerUnavailableError)
    assert to_user_message(error).text == SERVER_UNAVAILABLE


def test_no_answer_at_all_is_server_unavailable() -> None:
    """psycopg's own failure to connect (or a socket closed under it) has no SQLSTATE."""
    error = translate_db_error(_wrapped(psycopg.OperationalError("connection failed: Connection refused")))
    assert isinstance(error, ServerUnavailableError)


def test_a_full_disk_on_the_server_says_so() -> None:
    error = translate_db_error(_wrapped(psycopg.errors.lookup("53100")("could not extend file")))
    assert isinstance(error, DiskFullError) and error.message == SERVER_DISK_FULL


def test_other_server_errors_are_not_mistaken_for_an_outage() -> None:
    for state in ("23505", "40001", "55P03"):
        error = translate_db_error(_wrapped(psycopg.errors.lookup(state)("no")))
        assert isinstance(error, StorageError) and not isinstance(error, ServerUnavailableError | DiskFullError)


@pytest.mark.parametrize("state", ["55P03", "40P01", "40001"])
def test_another_writer_first_is_busy_try_again(state: str) -> None:
    """Lock wait timed out, deadlock, serialization failure: for the person, "busy, try again"."""
    error = translate_db_error(_wrapped(psycopg.errors.lookup(state)("no")))
    assert "is busy in another window or program; try again" in error.message


def _counts(practice: FirstRunResult) -> tuple[int, int]:
    with practice.db.session(write=False) as session:
        return (session.scalar(select(func.count()).select_from(Patient)),
                session.scalar(select(func.count()).select_from(AuditEvent)))


def test_a_connection_cut_mid_action_saves_nothing(practice, frontdesk_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The patient row is written, then the connection is cut before the audit event: the whole action is gone."""
    before = _counts(practice)
    real_append = _base.append_event
    admin = create_engine(practice.db.engine.url, isolation_level="AUTOCOMMIT")

    def cut_then_append(session, *args, **kwargs):  # type: ignore[no-untyped-def]
        session.flush()  # the patient row is on the server, inside the open transaction
        pid = session.execute(text("SELECT pg_backend_pid()")).scalar()
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        return real_append(session, *args, **kwargs)

    monkeypatch.setattr(_base, "append_event", cut_then_append)
    try:
        with pytest.raises(ServerUnavailableError):
            patients.register_patient(frontdesk_ctx, ANN)
    finally:
        admin.dispose()
    monkeypatch.setattr(_base, "append_event", real_append)
    assert _counts(practice) == before
    assert patients.register_patient(frontdesk_ctx, ANN).last_name == "Able"  # the pool reconnects by itself
    assert _counts(practice)[0] == before[0] + 1


@pytest.fixture(scope="module")
def own() -> Iterator[tuple[PgServer, FirstRunResult]]:
    yield from practice_on_own_server()


def test_server_stopped_then_back(own) -> None:  # type: ignore[no-untyped-def]
    server, practice = own
    ctx = ServiceContext(practice.db, practice.actor)
    before = _counts(practice)
    server.halt()
    try:
        with pytest.raises(ServerUnavailableError) as caught:
            patients.register_patient(ctx, ANN)
        assert caught.value.message == SERVER_UNAVAILABLE
    finally:
        server.resume()
    assert _counts(practice) == before  # nothing of the failed save reached the server
    assert patients.register_patient(ctx, ANN).first_name == "Ann"
    assert _counts(practice)[0] == before[0] + 1


def test_a_silent_server_is_given_up_on_in_seconds(practice) -> None:  # type: ignore[no-untyped-def]
    """Every connection (the listener's too) carries the short connect timeout and the keepalives, so a
    server that stopped answering is noticed long before the operating system's own TCP timeouts."""
    with practice.db.engine.connect() as conn:
        settings = conn.connection.driver_connection.info.get_parameters()
    listening = practice.db.listen_connection()
    try:
        assert listening.info.get_parameters() == settings
    finally:
        listening.close()
    assert settings["connect_timeout"] == "5" and settings["keepalives_idle"] == "10"
    assert settings["tcp_user_timeout"] == "20000"
