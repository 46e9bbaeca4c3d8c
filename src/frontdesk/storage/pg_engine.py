"""Server mode: the practice database on PostgreSQL 16+, behind the same ``Database`` the SQLite file uses.

Services see the same sessions (one transaction each, driver errors translated) on both engines; what differs
stays here: PostgreSQL runs its own transactions (no "BEGIN IMMEDIATE" on begin, that is SQLite's write
lock), and a server older than 16 is refused with a sentence a person can act on.
"""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, exc as sa_exc, make_url
from sqlalchemy.orm import Session, sessionmaker

from frontdesk.errors import StorageError
from frontdesk.storage import pg_notify
from frontdesk.storage.engine import Database, derive_subkey, translate_db_error

MIN_SERVER_VERSION = 16
URL_SCHEME = "postgresql+psycopg"
# A server that went away must be noticed in seconds, not after the operating system's TCP timeouts (minutes):
# a connection attempt gives up after 5 s, and an open connection whose server stopped answering (a cable
# pulled) fails after about 20 s of silence instead of hanging the database thread.
LINK_SETTINGS = {"connect_timeout": 5, "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5,
                 "keepalives_count": 2, "tcp_user_timeout": 20_000}


def make_pg_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.drivername != URL_SCHEME:
        raise StorageError(f"A practice server address must start with {URL_SCHEME}://.")
    # pre-ping: a workstation's pooled connection may have been cut by a server restart since it was last used
    return create_engine(parsed, pool_pre_ping=True, connect_args=LINK_SETTINGS)


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
