"""Server-mode practices for tests: ``pg_server``, ``pg_template`` and a per-test copy of the template.

One server per test process (pg_server.py); the practice is set up once in a template database (migrations to
head, practice details, admin) and every test gets its own copy (CREATE DATABASE ... TEMPLATE); after the test the
copy is put back to the template's rows and reused by the next test of the process (pg_reuse.py), or dropped.
Without a PostgreSQL 16+ these tests skip with how to get one, except where FRONTDESK_REQUIRE_PG=1 (CI) says
they must run. tests/conftest.py re-exports the fixtures; ``FRONTDESK_TEST_DB=postgresql`` makes every test's
``practice`` a server one (tests/storage/pg always uses one).
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from argon2 import PasswordHasher
from pg_reuse import Pristine
from pg_server import NoServer, PgServer
from sqlalchemy import create_engine, text
from testsupport import ADMIN_PASSWORD, FAST_KDF, PASSPHRASE, PRACTICE

from frontdesk.domain import passwords
from frontdesk.first_run import FirstRunResult
from frontdesk.services.admin import practice as practice_service
from frontdesk.services.session import ServiceContext
from frontdesk.storage.keys import KeyFile
from frontdesk.storage.migrate import upgrade_to_head
from frontdesk.storage.pg_engine import PostgresDatabase
from frontdesk.storage.server_key_file import store_key_file

TEST_DB_ENV = "FRONTDESK_TEST_DB"
TEMPLATE = "fd_template"
_numbers = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    try:
        server = PgServer.start()
    except NoServer as exc:
        if os.environ.get("FRONTDESK_REQUIRE_PG") == "1":
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    yield server
    server.stop()


def admin_sql(server: PgServer, *statements: str) -> None:
    """Statements outside a transaction (CREATE/DROP DATABASE refuse to run inside one)."""
    engine = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


@dataclass(frozen=True)
class PgTemplate:
    server: PgServer
    db_key: bytes
    result: FirstRunResult  # its db is closed: the copies get their own
    pristine: Pristine  # what a copy holds when fresh, to put a used one back


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer) -> PgTemplate:
    admin_sql(pg_server, f"CREATE DATABASE {TEMPLATE}")
    # a practice key with its key file on the server, as a set-up or moved-in server has (backups carry it)
    key_file, keys = KeyFile.create(PASSPHRASE, kdf=FAST_KDF)
    db_key = keys.db_key
    db = PostgresDatabase(pg_server.url(TEMPLATE), db_key)
    try:
        upgrade_to_head(db)
        with db.engine.begin() as conn:
            store_key_file(conn, key_file)
        result = set_up_practice(db)
    finally:
        db.close()  # a template database must have no connections when it is copied
    pristine = Pristine.read(pg_server.url(TEMPLATE))
    return PgTemplate(pg_server, db_key, FirstRunResult(db, result.actor, result.practice, keys.recovery_key,
                                                        key_file.key_id), pristine)


def set_up_practice(db: PostgresDatabase) -> FirstRunResult:
    """Migrations to head, the test practice and its administrator, in an empty server database."""
    upgrade_to_head(db)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
        info, actor = practice_service.setup_practice(ServiceContext(db), PRACTICE, "admin", "Ada Admin",
                                                      ADMIN_PASSWORD)
    return FirstRunResult(db, actor, info, "", "")


def practice_on_own_server() -> Iterator[tuple[PgServer, FirstRunResult]]:
    """A practice on a server of its own, for a test that stops and starts it (``halt``/``resume``): the
    session's shared server must keep running for every other test."""
    try:
        server = PgServer.start()
    except NoServer as exc:
        if os.environ.get("FRONTDESK_REQUIRE_PG") == "1":
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    try:
        admin_sql(server, "CREATE DATABASE fd_own")
        db = PostgresDatabase(server.url("fd_own"), os.urandom(32))
        try:
            yield server, set_up_practice(db)
        finally:
            db.close()
    finally:
        if (server.folder / "data" / "postmaster.pid").exists():
            server.stop()
        else:  # a test that failed while its server was halted: only the folder is left to remove
            shutil.rmtree(server.folder, ignore_errors=True)


def on_postgresql() -> bool:
    """Whether this run puts every ``practice`` on the server (FRONTDESK_TEST_DB=postgresql)."""
    return os.environ.get(TEST_DB_ENV, "sqlite") == "postgresql"


_reusable: list[str] = []  # this process's used copies, put back as fresh


def pg_practice(pg_template: PgTemplate) -> Iterator[FirstRunResult]:
    """This test's own copy of the template practice, on the server (the body of a ``practice`` fixture)."""
    if _reusable:
        name = _reusable.pop()
    else:
        name = f"fd_test_{os.getpid()}_{next(_numbers)}"
        admin_sql(pg_template.server, f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    db = PostgresDatabase(pg_template.server.url(name), pg_template.db_key)
    template = pg_template.result
    yield FirstRunResult(db, template.actor, template.practice, template.recovery_key, template.key_id)
    db.close()
    if pg_template.pristine.restore(pg_template.server.url(name)):
        _reusable.append(name)
    else:
        admin_sql(pg_template.server, f"DROP DATABASE {name} WITH (FORCE)")
