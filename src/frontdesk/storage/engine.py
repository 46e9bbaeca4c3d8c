"""The encrypted SQLite engine: raw-key SQLCipher connections with checked pragmas.

Everything SQLite-specific lives in this package so services stay portable SQL.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlcipher3
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import URL, Engine, create_engine, event, exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from frontdesk.errors import DamagedFileError, DiskFullError, StorageError, storage_error_from_os

log = logging.getLogger(__name__)

# 'FDK1': lets us tell our database from another app's SQLite file.
APPLICATION_ID = 0x46444B31
BUSY_TIMEOUT_MS = 5000

# What every connection must run with; checked after setting, not just set.
REQUIRED_PRAGMAS: dict[str, object] = {
    "foreign_keys": 1,
    "journal_mode": "wal",
    "synchronous": 2,  # FULL
    "temp_store": 2,  # MEMORY: FILE would spill plaintext PHI to temp files
    "secure_delete": 1,
}


def silence_sqlcipher_log() -> None:
    """Switch SQLCipher's own diagnostics off for this process.

    SQLCipher writes a failed decryption (another practice's key file, a damaged backup) to stderr itself
    (``sqlcipher_codec_ctx_set_error`` and friends); the app says what went wrong in one sentence of its own
    instead. The log level is process-wide in SQLCipher 4, so one connection setting it is enough: it is
    done when this module loads, before anything in the app opens an encrypted file (everything that does
    imports this module)."""
    conn = sqlcipher3.connect(":memory:")
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
    finally:
        conn.close()


silence_sqlcipher_log()


def raw_key_pragma_value(db_key: bytes) -> str:
    """SQLCipher's raw-key syntax: no per-connection KDF, so opening is fast."""
    if len(db_key) != 32:
        raise ValueError("database key must be 32 bytes")
    return f"x'{db_key.hex()}'"


def apply_connection_pragmas(dbapi_conn: sqlcipher3.Connection) -> None:
    """Set and verify the pragmas every connection needs (key already applied)."""
    cur = dbapi_conn.cursor()
    try:
        # Touching the schema is what proves the key; a wrong key fails right here.
        cur.execute("SELECT count(*) FROM sqlite_master").fetchone()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL").fetchone()
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA temp_store = MEMORY")
        cur.execute("PRAGMA secure_delete = ON")
        for name, expected in REQUIRED_PRAGMAS.items():
            value = cur.execute(f"PRAGMA {name}").fetchone()[0]
            if isinstance(value, str):
                value = value.lower()
            if value != expected:
                raise StorageError(f"The database refused a required setting ({name}).")
    finally:
        cur.close()


def translate_db_error(exc: BaseException, what: str = "the practice database") -> StorageError:
    """Turn a driver error into the StorageError a person can act on."""
    orig = getattr(exc, "orig", exc)
    text = str(orig).lower()
    if isinstance(orig, OSError):
        return storage_error_from_os(orig, what)
    busy = "locked" in text or "busy" in text
    if type(orig).__module__.startswith("psycopg"):  # server mode: the server gone, its disk full, a writer first
        from frontdesk.storage.pg_errors import is_busy, translate_pg_error

        known = translate_pg_error(orig)
        if known is not None:
            return known
        busy = busy or is_busy(orig)
    if "full" in text:
        return DiskFullError(f"The disk is full: {what} could not be written. Free some space and try again.")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DamagedFileError(f"{what[:1].upper()}{what[1:]} is damaged or does not match its key file.")
    if "readonly" in text or "read-only" in text:
        return StorageError(f"{what[:1].upper()}{what[1:]} is read-only; check the folder's permissions.")
    # SQLite's "database is locked" and PostgreSQL's busy states mean the same to the person: another writer
    # was first.
    if busy:
        return StorageError(f"{what[:1].upper()}{what[1:]} is busy in another window or program; try again.")
    if "unable to open" in text:
        return StorageError(f"{what[:1].upper()}{what[1:]} could not be opened (missing folder or no permission).")
    if "i/o" in text:
        return StorageError(f"A disk error stopped {what} from being read or written.")
    return StorageError(f"{what[:1].upper()}{what[1:]} reported an error ({type(orig).__name__}).")


def derive_subkey(db_key: bytes, purpose: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"frontdesk {purpose}".encode()).derive(db_key)


def make_engine(path: Path, db_key: bytes) -> Engine:
    url = URL.create("sqlite+pysqlcipher", password=raw_key_pragma_value(db_key), database=str(path))
    engine = create_engine(
        url,
        module=sqlcipher3,
        connect_args={"check_same_thread": False},
        # pysqlcipher defaults to SingletonThreadPool: every session in a thread would share ONE
        # connection, so a nested read session's BEGIN/rollback would hit the outer transaction.
        poolclass=QueuePool,
        pool_pre_ping=False,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        # sqlcipher3 only has legacy transaction control: take it over ourselves,
        # or SAVEPOINTs escape their transaction (SQLAlchemy's pysqlite recipe).
        dbapi_conn.isolation_level = None
        apply_connection_pragmas(dbapi_conn)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        # Writers take the write lock up front so a read-then-write never deadlocks.
        mode = "BEGIN IMMEDIATE" if conn.get_execution_options().get("fd_write") else "BEGIN"
        conn.exec_driver_sql(mode)

    return engine


class Database:
    """One open practice database: engine, session factories, derived keys."""

    def __init__(self, path: Path, db_key: bytes, *, create: bool = False) -> None:
        self.path = Path(path)
        # what the person must be told once after opening (e.g. permissions repaired): set by the opener
        self.start_notices: tuple[str, ...] = ()
        if not create:
            self._check_file_before_open()
        self.engine = make_engine(self.path, db_key)
        self.audit_key = derive_subkey(db_key, "audit chain")
        self.field_key = derive_subkey(db_key, "field encryption")  # storage/field_crypto.py
        self._db_key = db_key
        self._read = sessionmaker(bind=self.engine, expire_on_commit=False, autoflush=True)
        self._write = sessionmaker(
            bind=self.engine.execution_options(fd_write=True), expire_on_commit=False, autoflush=True
        )
        try:
            with self.engine.connect() as conn:
                app_id = conn.exec_driver_sql("PRAGMA application_id").scalar()
                if create and app_id == 0:
                    conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
                    conn.commit()
                elif app_id != APPLICATION_ID:
                    raise DamagedFileError("This file is not a FrontDesk practice database.")
        except sa_exc.DBAPIError as exc:
            self.engine.dispose()
            raise translate_db_error(exc) from exc
        except StorageError:
            self.engine.dispose()
            raise

    def _check_file_before_open(self) -> None:
        try:
            size = self.path.stat().st_size
        except FileNotFoundError as exc:
            raise StorageError(f"The practice database {self.path.name} is missing from the data folder.") from exc
        except OSError as exc:
            raise storage_error_from_os(exc, "the practice database") from exc
        # SQLCipher happily "opens" an empty file as a new empty database.
        if size == 0:
            raise DamagedFileError("The practice database file is empty (0 bytes); restore it from a backup.")

    @property
    def key(self) -> bytes:
        """The raw database key: only for backups and re-wrapping, never for logs."""
        return self._db_key

    @contextmanager
    def session(self, *, write: bool) -> Iterator[Session]:
        """One transaction: commits on success, rolls back on any error, translates driver errors."""
        factory = self._write if write else self._read
        session = factory()
        try:
            yield session
            if write:
                session.commit()
            else:
                session.rollback()
        except sa_exc.DBAPIError as exc:
            session.rollback()
            raise translate_db_error(exc) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def announce(self, session: Session, topics: frozenset[str]) -> None:
        """Tell the other workstations what this transaction changed: single-PC mode has none (see pg_notify)."""

    def raw_connection(self) -> sqlcipher3.Connection:
        """A keyed DB-API connection (caller closes it): for backups and checks."""
        conn = sqlcipher3.connect(str(self.path), check_same_thread=False)
        conn.isolation_level = None
        conn.execute(f'PRAGMA key = "{raw_key_pragma_value(self._db_key)}"')
        apply_connection_pragmas(conn)
        return conn

    def close(self) -> None:
        self.engine.dispose()
