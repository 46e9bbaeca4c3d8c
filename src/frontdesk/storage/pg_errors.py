"""PostgreSQL's driver errors in words: the server gone (down, restarting, network cut), its disk full, busy.

``engine.translate_db_error`` hands every psycopg error here first; what this module does not recognise
gets the generic translation. The server being unreachable is its own error (``ServerUnavailableError``)
because the workstation acts on it: a banner, input kept, a retry in the background.
"""

from __future__ import annotations

import psycopg

from frontdesk.error_messages import SERVER_DISK_FULL, SERVER_UNAVAILABLE
from frontdesk.errors import DiskFullError, ServerUnavailableError, StorageError

# SQLSTATEs of a server that is going away or not taking connections (class 08 is checked as a class)
SHUTDOWN_STATES = frozenset({"57P01", "57P02", "57P03"})  # admin shutdown, crash shutdown, cannot connect now
DISK_FULL_STATE = "53100"
# Another writer was first: lock wait timed out (the writer lock, pg_engine.py), deadlock, serialization failure
BUSY_STATES = frozenset({"55P03", "40P01", "40001"})


def is_busy(orig: BaseException) -> bool:
    """The statement waited on another workstation's writer and gave up: "busy, try again", not a fault."""
    return getattr(orig, "sqlstate", None) in BUSY_STATES


def is_server_unavailable(orig: BaseException) -> bool:
    """The error says the connection to the server failed or was cut, not that the statement was wrong.

    psycopg raises OperationalError with no SQLSTATE when it cannot connect or the socket closed under it
    (the server never answered); class 08 and the shutdown states come from a server that did answer.
    """
    state = getattr(orig, "sqlstate", None)
    if state is not None:
        return state.startswith("08") or state in SHUTDOWN_STATES
    return isinstance(orig, psycopg.OperationalError)


def translate_pg_error(orig: BaseException) -> StorageError | None:
    """The StorageError for a psycopg error this module knows; None for the generic translation."""
    if not isinstance(orig, psycopg.Error):
        return None
    if is_server_unavailable(orig):
        return ServerUnavailableError(SERVER_UNAVAILABLE)
    if getattr(orig, "sqlstate", None) == DISK_FULL_STATE:
        return DiskFullError(SERVER_DISK_FULL)
    return None
