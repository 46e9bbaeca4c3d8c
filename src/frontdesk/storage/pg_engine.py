"""Server mode: the practice database on PostgreSQL 16+, behind the same ``Database`` the SQLite file uses.

Services see the same sessions (one transaction each, driver errors translated) on both engines; what differs
stays here: the writer lock (below), and a server older than 16 is refused with a sentence a person can act on.

One writer at a time, as on SQLite. Every write session (``fd_write``) takes one transaction-level advisory
lock as its first statement, the counterpart of SQLite's BEGIN IMMEDIATE, waiting at most as long as SQLite's
busy timeout (then the same "busy ... try again" StorageError). Every service was written for those
semantics: check-then-insert (a booking's overlap check, a unique chart number), posting money, closing a
day and the audit chain's append (read the last seq, insert the next) are correct because no other writer
runs between their read and their write. Holding that one lock, each statement of a READ COMMITTED
transaction sees everything committed before it, so the services run unchanged. Why not SERIALIZABLE with
retry instead: every service would have to be safe to re-run (none is written so; some write files or
notify), the audit chain's single head would make nearly every pair of concurrent writers a serialization
failure anyway, and a small practice's writes are few and short (milliseconds), so queueing them costs
nothing a person notices. Readers take no lock: they never wait for a writer.
"""

from __future__ import annotations

import select
import time

import psycopg
from sqlalchemy import Engine, create_engine, event, exc as sa_exc, make_url
from sqlalchemy.orm import Session, sessionmaker

from frontdesk.errors import StorageError
from frontdesk.storage import pg_notify
from frontdesk.storage.engine import APPLICATION_ID, BUSY_TIMEOUT_MS, Database, derive_subkey, translate_db_error

MIN_SERVER_VERSION = 16
URL_SCHEME = "postgresql+psycopg"
# A server that went away must be noticed in seconds, not after the operating system's TCP timeouts (minutes):
# a connection attempt gives up after 5 s, and an open connection whose server stopped answering (a cable
# pulled) fails after about 20 s of silence instead of hanging the database thread.
LINK_SETTINGS = {"connect_timeout": 5, "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5,
                 "keepalives_count": 2, "tcp_user_timeout": 20_000}
# The practice's one writer lock: FrontDesk's application id ('FDK1') as the advisory lock key.
WRITER_LOCK_KEY = APPLICATION_ID
# One round trip, before anything else in the transaction; READ COMMITTED stated, not assumed (a server whose
# default is REPEATABLE READ would give each writer a snapshot taken before it waited for the lock). A workstation
# that dies while holding the lock frees it when the server ends its session: at once for a killed program (its
# connection closes), and for a PC switched off or cut from the network once the server's TCP keepalive gives
# up on it (~25 s with these settings, not the operating system's default two hours); a PC that is merely slow
# still answers keepalives, so a long write is never cut short. (Ignored on a Unix socket: nothing to lose.)
TAKE_WRITER_LOCK = (f"SET TRANSACTION ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = {BUSY_TIMEOUT_MS}; "
                    "SET LOCAL tcp_keepalives_idle = 10; SET LOCAL tcp_keepalives_interval = 5; "
                    "SET LOCAL tcp_keepalives_count = 3; "
                    f"SELECT pg_advisory_xact_lock({WRITER_LOCK_KEY})")


# A pooled connection back in use within this many seconds, with nothing waiting on its socket, is taken as alive
# without asking the server (see _check_link).
TRUST_RECENT_S = 5.0


def _input_waiting(dbapi_conn) -> bool:  # type: ignore[no-untyped-def]
    """Something arrived on an idle connection's socket (a server that ends a session says so, then closes it)."""
    try:
        return bool(select.select([dbapi_conn.fileno()], [], [], 0)[0])
    except (OSError, ValueError, psycopg.Error):  # no socket any more
        return True


def _check_link(engine: Engine, dbapi_conn, record) -> None:  # type: ignore[no-untyped-def]
    """Before a pooled connection is handed out: raise DisconnectionError (the pool then connects afresh) when it
    is gone. A workstation's connection may have been cut since it was last used: the server restarted, or the
    network dropped it. A server that ends a session (restart, crash, terminated backend) sends an error and
    closes the socket, which shows locally as input waiting on an idle connection; a silent cut is what a round
    trip (SQLAlchemy's ping) finds, and it is asked only of a connection idle longer than TRUST_RECENT_S. Typing
    a name sends one search per keystroke, each on a connection used a moment ago: a ping before each was one
    more round trip per service call, the largest share of a keystroke's time on a busy server."""
    idle_since = record.info.get("fd_idle_since")  # cleared with the connection when the pool drops it
    if idle_since is None:
        return  # a new connection: just made
    if dbapi_conn.closed or dbapi_conn.broken or _input_waiting(dbapi_conn):
        raise sa_exc.DisconnectionError("the practice server closed this connection")
    if time.monotonic() - idle_since > TRUST_RECENT_S:
        try:
            engine.dialect.do_ping(dbapi_conn)
        except psycopg.Error as exc:
            raise sa_exc.DisconnectionError("the practice server did not answer on this connection") from exc


def make_pg_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.drivername != URL_SCHEME:
        raise StorageError(f"A practice server address must start with {URL_SCHEME}://.")
    engine = create_engine(parsed, pool_pre_ping=False, connect_args=LINK_SETTINGS)  # _check_link instead

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_conn, record):  # type: ignore[no-untyped-def]
        record.info["fd_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_conn, record, proxy):  # type: ignore[no-untyped-def]
        _check_link(engine, dbapi_conn, record)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        # Writers queue on the practice's writer lock (module docstring); released by COMMIT or ROLLBACK, also
        # when a workstation dies mid-transaction (the server ends its session).
        if conn.get_execution_options().get("fd_write"):
            conn.exec_driver_sql(TAKE_WRITER_LOCK)

    return engine


class PostgresDatabase(Database):
    """One practice database on a PostgreSQL server: engine, session factories, derived keys.

    ``db_key`` is the practice key, as in single-PC mode: the audit chain's key is derived from it.
    ``min_version`` is for the TLS tests on Debian's PostgreSQL 15 only (no 16+ with OpenSSL there)."""

    # noqa: D107 (the base __init__ opens a file)
    def __init__(self, url: str, db_key: bytes, *, min_version: int = MIN_SERVER_VERSION) -> None:  # noqa: D107
        self.path = None  # type: ignore[assignment]  # no file: backups of a server go through the server
        self.start_notices: tuple[str, ...] = ()
        self.engine = make_pg_engine(url)
        self.audit_key = derive_subkey(db_key, "audit chain")
        self.field_key = derive_subkey(db_key, "field encryption")  # storage/field_crypto.py
        self._db_key = db_key
        self.origin = pg_notify.new_origin()  # this workstation on the change channel: its own news is not news
        self._read = sessionmaker(bind=self.engine, expire_on_commit=False, autoflush=True)
        self._write = sessionmaker(
            bind=self.engine.execution_options(fd_write=True), expire_on_commit=False, autoflush=True
        )
        try:
            with self.engine.connect() as conn:
                version = conn.dialect.server_version_info or (0,)
                conn.rollback()
        except sa_exc.DBAPIError as exc:
            self.engine.dispose()
            raise translate_db_error(exc, "the practice server") from exc
        if version[0] < min_version:
            self.engine.dispose()
            raise StorageError(f"The practice server runs PostgreSQL {version[0]}; FrontDesk needs "
                               f"PostgreSQL {MIN_SERVER_VERSION} or newer. Upgrade the server, then connect again.")

    def announce(self, session: Session, topics: frozenset[str]) -> None:
        pg_notify.announce(session, topics, self.origin)

    def listen_connection(self):  # type: ignore[no-untyped-def]
        """A connection of its own for :class:`pg_notify.ChangeListener` (the caller closes it)."""
        return pg_notify.dedicated_connection(self.engine)

    def raw_connection(self):  # type: ignore[no-untyped-def]
        raise StorageError("A practice server has no database file to copy; back it up through the server.")
