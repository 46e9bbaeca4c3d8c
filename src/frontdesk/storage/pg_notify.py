"""Live refresh between workstations (server mode): PostgreSQL LISTEN/NOTIFY carries the changed topics.

A committed service call already names what it changed ("appointments", "patients"...). On PostgreSQL the
same transaction also sends ``pg_notify('frontdesk_changes', payload)``: the server delivers it only if the
transaction commits, so no workstation hears of a change that was rolled back. The payload is JSON of the
topic names and the sending workstation's random origin id, never patient data: a topic must look like a
topic (lowercase words), anything else is dropped before it is sent.

:class:`ChangeListener` is the other end: a thread of its own (Qt-free) with its own connection, ``LISTEN``,
blocking on ``notifies(timeout=...)`` so :meth:`ChangeListener.stop` ends it within that timeout. A dropped
connection is reported, retried every few seconds and reported again once it is back (notifications sent
while it was away are lost, so the caller reloads what it shows).
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import threading
from collections.abc import Callable, Iterable

import psycopg
from sqlalchemy import Engine, exc as sa_exc, text
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

CHANNEL = "frontdesk_changes"
TOPIC = re.compile(r"[a-z][a-z0-9_]{0,39}")  # "appointments", "schedule_setup": never a name or a number alone
WAIT_S = 0.5  # how long one wait for a notification blocks: stop() ends the thread within about this
RETRY_S = 3.0  # between reconnection attempts after the connection dropped
PING_S = 15.0  # a quiet connection is checked this often (a cut network sends no error by itself)

Topics = frozenset[str]


def new_origin() -> str:
    """A random id for one workstation's database connection: its own notifications are not news to it."""
    return secrets.token_hex(8)


def clean_topics(topics: Iterable[str]) -> list[str]:
    """The topics that may go on the wire, sorted: only topic-shaped words (no PHI can pass this)."""
    return sorted({topic for topic in topics if isinstance(topic, str) and TOPIC.fullmatch(topic)})


def payload(topics: Iterable[str], origin: str) -> str:
    """The notification's text: ``{"o": origin, "t": [topics]}``."""
    return json.dumps({"o": origin, "t": clean_topics(topics)}, separators=(",", ":"))


def parse_payload(text_: str) -> tuple[str, Topics]:
    """(origin, topics) of a notification; ("", empty) when it is not one of ours."""
    try:
        data = json.loads(text_)
        origin, topics = data["o"], data["t"]
    except (ValueError, KeyError, TypeError):
        return "", frozenset()
    if not isinstance(origin, str) or not isinstance(topics, list):
        return "", frozenset()
    return origin, frozenset(clean_topics(topics))


def announce(session: Session, topics: Iterable[str], origin: str) -> None:
    """Queue the notification inside the open transaction (PostgreSQL delivers it only on commit)."""
    if clean_topics(topics):
        session.execute(text("SELECT pg_notify(:channel, :payload)"),
                        {"channel": CHANNEL, "payload": payload(topics, origin)})


def dedicated_connection(engine: Engine) -> psycopg.Connection:
    """A connection of its own for listening, made as the engine makes its connections (same address and
    settings), taken out of the pool for good and in autocommit (a LISTEN must not sit in a transaction)."""
    proxied = engine.raw_connection()
    conn = proxied.driver_connection
    proxied.detach()
    conn.rollback()
    conn.autocommit = True
    return conn


class ChangeListener:
    """Hears other workstations' changes: ``on_topics(frozenset)`` on this listener's own thread.

    ``connect()`` makes a fresh autocommit connection; notifications from ``origin`` (this workstation) are
    skipped. ``on_connection(True/False)`` says the connection is up or dropped (first up included).
    """

    def __init__(self, connect: Callable[[], psycopg.Connection], origin: str, on_topics: Callable[[Topics], None],
                 *, on_connection: Callable[[bool], None] | None = None, wait_s: float = WAIT_S,
                 retry_s: float | None = None) -> None:
        self._connect = connect
        self._origin = origin
        self._on_topics = on_topics
        self._on_connection = on_connection
        self._wait_s = wait_s
        self._retry_s = RETRY_S if retry_s is None else retry_s  # read when made: a test may shorten RETRY_S
        self._stop = threading.Event()
        self._listening = threading.Event()
        self._thread = threading.Thread(target=self._run, name="frontdesk-listen", daemon=True)

    def start(self) -> ChangeListener:
        self._thread.start()
        return self

    def wait_listening(self, timeout: float) -> bool:
        """True once ``LISTEN`` is in place (a notification sent after this is heard)."""
        return self._listening.wait(timeout)

    def stop(self) -> None:
        """End the thread (within about ``wait_s``) and close its connection."""
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(self._wait_s + self._retry_s + 5)

    def is_running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn = self._connect()
            except (psycopg.Error, sa_exc.DBAPIError) as exc:
                log.info("change listener cannot connect: %s", type(exc).__name__)
                self._report(False)
                self._stop.wait(self._retry_s)
                continue
            try:
                self._listen(conn)
            except psycopg.Error as exc:  # the server went away: say so, then try again
                log.info("change listener lost its connection: %s", type(exc).__name__)
                self._report(False)
                self._stop.wait(self._retry_s)
            finally:
                self._listening.clear()
                conn.close()

    def _listen(self, conn: psycopg.Connection) -> None:
        conn.execute(f"LISTEN {CHANNEL}")
        self._listening.set()
        self._report(True)
        quiet = 0.0
        while not self._stop.is_set():
            heard = False
            for note in conn.notifies(timeout=self._wait_s):
                heard = True
                origin, topics = parse_payload(note.payload)
                if topics and origin != self._origin:
                    self._deliver(topics)
            quiet = 0.0 if heard else quiet + self._wait_s
            if quiet >= PING_S:
                conn.execute("SELECT 1")
                quiet = 0.0

    def _deliver(self, topics: Topics) -> None:
        try:
            self._on_topics(topics)
        except Exception:  # a listener's bug must not end live refresh for the rest of the day
            log.exception("change listener callback failed")

    def _report(self, up: bool) -> None:
        if self._on_connection is not None:
            try:
                self._on_connection(up)
            except Exception:
                log.exception("change listener connection callback failed")
