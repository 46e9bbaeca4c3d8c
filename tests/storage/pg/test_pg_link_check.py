"""A pooled server connection is checked before reuse without a round trip when it was used a moment ago
(storage/pg_engine.py: _check_link): a search per keystroke no longer pays a ping each, and a connection the
server ended is still replaced before a service call could fail on it."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from frontdesk.services.patients import patients
from frontdesk.storage import pg_engine


def _backend_pid(practice) -> int:  # type: ignore[no-untyped-def]
    with practice.db.session(write=False) as session:
        return int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())


@pytest.fixture
def pings(practice, monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    """Every round-trip ping sent before a checkout, counted."""
    sent: list[int] = []
    dialect = practice.db.engine.dialect
    real = dialect.do_ping

    def counted(dbapi_conn):  # type: ignore[no-untyped-def]
        sent.append(1)
        return real(dbapi_conn)

    monkeypatch.setattr(dialect, "do_ping", counted)
    return sent


def test_a_connection_used_a_moment_ago_is_reused_without_a_ping(practice, frontdesk_ctx, pings) -> None:  # type: ignore[no-untyped-def]
    pid = _backend_pid(practice)
    for text_ in ("Ab", "Abl", "Able"):
        patients.search_patients(frontdesk_ctx, text_)
    assert _backend_pid(practice) == pid and pings == []


def test_a_connection_idle_for_a_while_is_pinged_first(practice, frontdesk_ctx, pings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pid = _backend_pid(practice)
    monkeypatch.setattr(pg_engine, "TRUST_RECENT_S", -1.0)  # every pooled connection counts as idle long
    patients.search_patients(frontdesk_ctx, "Able")
    assert pings == [1] and _backend_pid(practice) == pid


def test_a_connection_the_server_ended_is_replaced_before_the_call_uses_it(practice, frontdesk_ctx, pings) -> None:  # type: ignore[no-untyped-def]
    pid = _backend_pid(practice)
    admin = create_engine(practice.db.engine.url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:  # as a server restart does: the session ended, the socket closed
            conn.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
    finally:
        admin.dispose()
    assert patients.search_patients(frontdesk_ctx, "Able") == []  # no error: a fresh connection was made
    assert _backend_pid(practice) != pid and pings == []  # seen on the socket, no ping needed
