"""Shared by the server set-up tests: run setup on the test cluster, connect as its roles, clean up after.

Roles are global to a PostgreSQL cluster, so each test that sets a server up drops the practice database and
the three roles afterwards (``tear_down``): the next test finds the cluster as setup expects it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from argon2 import PasswordHasher
from psycopg import sql
from sqlalchemy import make_url
from testsupport import ADMIN_PASSWORD, FAST_KDF, PASSPHRASE, PRACTICE

from frontdesk.domain import passwords
from frontdesk.services.admin import practice as practice_service
from frontdesk.services.session import ServiceContext
from frontdesk.storage import enrolment_code as codes
from frontdesk.storage import pg_setup
from frontdesk.storage.pg_engine import PostgresDatabase
from frontdesk.storage.pg_grants import APP_ROLE, ENROL_ROLE, REDEEM, ROLES


def fast_keys() -> pg_setup.PracticeKeys:
    """A new practice's keys under the test passphrase, with the tests' fast KDF."""
    return pg_setup.new_practice_keys(PASSPHRASE, kdf=FAST_KDF)


def tear_down(superuser_url: str, database: str) -> None:
    with pg_setup.superuser_connect(superuser_url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
        for role in ROLES:
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def connect_as(superuser_url: str, database: str, role: str, password: str | None = None,
               **extra: object) -> psycopg.Connection:
    """A connection as ``role`` to the practice database (autocommit off: each test says what it commits)."""
    kwargs = pg_setup._connect_kwargs(superuser_url, database)
    kwargs.update(user=role, **extra)
    if password is not None:
        kwargs["password"] = password
    return psycopg.connect(**kwargs)  # type: ignore[arg-type]


def roles_present(superuser_url: str) -> list[str]:
    with pg_setup.superuser_connect(superuser_url) as conn:
        return [row[0] for row in conn.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s) ORDER BY 1",
                                               (list(ROLES),))]


@dataclass(frozen=True)
class SetUp:
    url: str
    database: str
    result: pg_setup.SetupResult


def database_name() -> str:
    return f"fd_setup_{os.getpid()}"


@pytest.fixture
def pretend_tls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """This build has no TLS: setup is told it has, and its TLS step only noted (test_pg_setup_tls.py runs it)."""
    calls: list[str] = []
    monkeypatch.setattr(pg_setup, "tls_support", lambda conn: True)
    monkeypatch.setattr(pg_setup, "turn_on_tls", lambda conn, cert, database, changes: calls.append(database))
    return calls


@pytest.fixture
def set_up(pg_server, pretend_tls) -> Iterator[SetUp]:  # type: ignore[no-untyped-def]
    url, database = pg_server.url(), database_name()
    try:
        result = pg_setup.setup_server(url, ["frontdesk-server.local", "192.168.1.20"], fast_keys(),
                                       database=database)
        assert pretend_tls == [database]
        yield SetUp(url, database, result)
    finally:
        tear_down(url, database)


def redeem(setup: SetUp, token_sha256: str, workstation: str = "FRONT-1") -> bytes:
    with connect_as(setup.url, setup.database, ENROL_ROLE) as conn:
        blob = conn.execute(sql.SQL("SELECT {}(%s, %s)").format(sql.Identifier(REDEEM)),
                            (token_sha256, workstation)).fetchone()[0]
        conn.commit()
        return bytes(blob)


def app_database(setup: SetUp, secret: codes.ConnectionSecret) -> PostgresDatabase:
    url = make_url(setup.url).set(username=APP_ROLE, password=secret.app_password, database=setup.database)
    return PostgresDatabase(url.render_as_string(hide_password=False), secret.practice_key)


def first_workstation(setup: SetUp, monkeypatch: pytest.MonkeyPatch,
                      ) -> tuple[PostgresDatabase, ServiceContext, codes.ConnectionSecret]:
    """As the first enrolled PC: redeem the first code, connect as the app role, set the practice up (admin).

    The caller closes the database."""
    code = setup.result.code
    secret = codes.unwrap(code, redeem(setup, codes.token_sha256(code)))
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
    db = app_database(setup, secret)
    _, actor = practice_service.setup_practice(ServiceContext(db), PRACTICE, "admin", "Ada Admin", ADMIN_PASSWORD)
    return db, ServiceContext(db, actor), secret
