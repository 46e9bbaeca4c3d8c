"""The encrypted engine: required pragmas on every connection, refusing foreign files, savepoints."""

from __future__ import annotations

import os
import sqlite3
from contextlib import ExitStack

import pytest
import sqlcipher3
from sqlalchemy import select

from frontdesk.errors import DamagedFileError, StorageError
from frontdesk.models import Provider
from frontdesk.storage.engine import (
    APPLICATION_ID,
    REQUIRED_PRAGMAS,
    Database,
    raw_key_pragma_value,
)

pytestmark = pytest.mark.sqlite_only("SQLite's connection pragmas and file checks")


def _pragmas(cursor_like) -> dict[str, object]:
    values = {}
    for name in REQUIRED_PRAGMAS:
        value = cursor_like.execute(f"PRAGMA {name}").fetchone()[0]
        values[name] = value.lower() if isinstance(value, str) else value
    return values


EXPECTED = {"foreign_keys": 1, "journal_mode": "wal", "synchronous": 2, "temp_store": 2, "secure_delete": 1}


def test_required_pragmas_are_what_the_brief_demands() -> None:
    assert REQUIRED_PRAGMAS == EXPECTED


def test_every_pooled_connection_has_the_pragmas(db) -> None:
    with ExitStack() as stack:
        # held open together, so the pool has to create distinct DB-API connections
        conns = [stack.enter_context(db.engine.connect()) for _ in range(4)]
        raw_ids = {id(c.connection.driver_connection) for c in conns}
        assert len(raw_ids) == 4
        for conn in conns:
            assert _pragmas(conn.connection.driver_connection) == EXPECTED


def test_sessions_run_with_the_pragmas(db) -> None:
    for write in (False, True):
        with db.session(write=write) as session:
            raw = session.connection().connection.driver_connection
            assert _pragmas(raw) == EXPECTED


def test_raw_connection_has_the_pragmas_and_the_application_id(db) -> None:
    conn = db.raw_connection()
    try:
        assert _pragmas(conn) == EXPECTED
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        conn.close()


def test_database_file_is_not_plain_sqlite(db) -> None:
    header = db.path.read_bytes()[:16]
    assert header != b"SQLite format 3\x00"
    plain = sqlite3.connect(db.path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        plain.close()


def test_reopen_with_the_raw_key_works(practice, data_paths) -> None:
    key = practice.db.key
    practice.db.close()
    db = Database(data_paths.database, key)
    try:
        with db.session(write=False) as session:
            assert session.connection().exec_driver_sql("SELECT count(*) FROM practice").scalar() == 1
    finally:
        db.close()


def test_empty_database_file_is_refused_as_damaged(tmp_path) -> None:
    path = tmp_path / "frontdesk.db"
    path.write_bytes(b"")
    with pytest.raises(DamagedFileError, match="empty"):
        Database(path, os.urandom(32))
    assert path.read_bytes() == b""


def test_missing_database_file_is_refused(tmp_path) -> None:
    path = tmp_path / "frontdesk.db"
    with pytest.raises(StorageError, match="missing"):
        Database(path, os.urandom(32))
    assert not path.exists()


def test_plaintext_sqlite_file_is_refused(tmp_path) -> None:
    path = tmp_path / "plain.db"
    plain = sqlite3.connect(path)
    plain.execute("CREATE TABLE patient (name TEXT)")
    plain.execute("INSERT INTO patient VALUES ('someone')")
    plain.commit()
    plain.close()
    before = path.read_bytes()
    with pytest.raises(DamagedFileError, match="damaged or does not match its key file"):
        Database(path, os.urandom(32))
    assert path.read_bytes() == before


def test_random_bytes_are_refused(tmp_path) -> None:
    path = tmp_path / "random.db"
    path.write_bytes(os.urandom(3 * 4096))
    with pytest.raises(DamagedFileError):
        Database(path, os.urandom(32))


def test_another_key_is_refused(practice, data_paths) -> None:
    practice.db.close()
    before = data_paths.database.read_bytes()
    with pytest.raises(DamagedFileError, match="does not match its key file"):
        Database(data_paths.database, os.urandom(32))
    assert data_paths.database.read_bytes() == before


def test_an_encrypted_database_of_another_app_is_refused(tmp_path) -> None:
    path = tmp_path / "other.db"
    key = os.urandom(32)
    conn = sqlcipher3.connect(str(path))
    conn.execute(f'PRAGMA key = "{raw_key_pragma_value(key)}"')
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(DamagedFileError, match="not a FrontDesk practice database"):
        Database(path, key)


def _provider(npi: str, last: str) -> Provider:
    return Provider(first_name="Pat", last_name=last, credential="MD", npi=npi, taxonomy="", active=True)


def _provider_names(db) -> set[str]:
    with db.session(write=False) as session:
        return set(session.scalars(select(Provider.last_name)))


def test_savepoint_rollback_keeps_the_outer_work(db) -> None:
    with db.session(write=True) as session:
        session.add(_provider("1234567893", "Outer"))
        session.flush()
        nested = session.begin_nested()
        session.add(_provider("1245319599", "Inner"))
        session.flush()
        nested.rollback()
        assert set(session.scalars(select(Provider.last_name))) == {"Outer"}
    assert _provider_names(db) == {"Outer"}


def test_released_savepoint_is_undone_by_the_outer_rollback(db) -> None:
    # The legacy-transaction trap: a SAVEPOINT outside BEGIN would commit on release.
    class Abort(Exception):
        pass

    with pytest.raises(Abort):
        with db.session(write=True) as session:
            with session.begin_nested():
                session.add(_provider("1234567893", "Released"))
            raise Abort
    assert _provider_names(db) == set()


def test_failing_flush_in_a_savepoint_leaves_the_transaction_usable(db) -> None:
    from sqlalchemy.exc import IntegrityError

    with db.session(write=True) as session:
        session.add(_provider("1234567893", "First"))
        session.flush()
        with pytest.raises(IntegrityError):
            with session.begin_nested():
                session.add(_provider("1234567893", "Duplicate NPI"))
        session.add(_provider("1245319599", "Second"))
    assert _provider_names(db) == {"First", "Second"}


def test_write_sessions_begin_immediate(db) -> None:
    # A second writer is refused while the first holds the lock, instead of deadlocking later.
    with db.session(write=True) as session:
        session.add(_provider("1234567893", "Holder"))
        session.flush()
        other = db.raw_connection()
        try:
            other.execute("PRAGMA busy_timeout = 0")
            with pytest.raises(sqlcipher3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


def test_a_read_session_inside_a_write_session_is_isolated(db) -> None:
    # Each session must get its own connection: sharing one would let the inner session's
    # rollback (or BEGIN) tangle with the outer transaction.
    with db.session(write=True) as writer:
        writer.add(_provider("1234567893", "Pending"))
        writer.flush()
        with db.session(write=False) as reader:
            assert set(reader.scalars(select(Provider.last_name))) == set()
        assert set(writer.scalars(select(Provider.last_name))) == {"Pending"}
    assert _provider_names(db) == {"Pending"}
