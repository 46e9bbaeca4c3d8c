"""What every pane is handed: the service context, the runner and the 'data changed' signal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from frontdesk.domain import schedule_time as st
from frontdesk.errors import ServerUnavailableError
from frontdesk.paths import DataPaths
from frontdesk.services.session import Actor, ServiceContext
from frontdesk.storage.engine import Database
from frontdesk.ui.listeners import Broadcast
from frontdesk.ui.runner import INFER, JobControl, LongJob, Runner
from frontdesk.ui.server_link import EVERY_TOPIC, ServerLink

if TYPE_CHECKING:
    from frontdesk.storage.keyring_cache import KeyCache

log = logging.getLogger(__name__)


class UiContext(QObject):
    """Passed explicitly to every pane (no global singletons).

    ``changed`` carries the topics a committed service call reported ("users", "patients",
    "audit", ...); panes that show those topics refresh themselves. ``actor_changed`` carries the
    new Actor (or None). Both are :class:`Broadcast` signals: a listener is called only while the
    widget it belongs to exists, belongs to the current sign-in and its window is open.

    A *sign-in* lasts from one user signing in until another user (or nobody) is signed in;
    unlocking the screen as the same user continues it. A call's result is delivered only
    within the sign-in that made the call (see :meth:`call`). ``clock`` is the practice's clock;
    ``clock_changed`` says its time zone became known or was changed.

    In server mode ``start_live_refresh`` hears other workstations' changes into ``changed`` too, and
    ``server`` (a :class:`ServerLink`) says whether the practice server answers.
    """

    clock_changed = Signal()

    def __init__(self, db: Database, paths: DataPaths, runner: Runner, *, demo: bool = False,
                 key_cache: KeyCache | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.changed = Broadcast("changed", self)  # frozenset of topics
        self.actor_changed = Broadcast("actor_changed", self)  # Actor | None
        self.db = db
        self.paths = paths
        self.runner = runner
        self.demo = demo
        # This PC's keyring (server mode: the connection secret an admin's new enrolment code seals); None = the
        # OS keyring through a fresh KeyCache
        self.key_cache = key_cache
        # Every "today", default date and shown time in the UI comes from this clock (the practice's zone).
        self.clock = st.PracticeClock(st.zone(st.DEFAULT_TIME_ZONE))
        # Emitting a signal from the worker thread is queued to the GUI thread by Qt.
        self._service_ctx = ServiceContext(db, None, notify=self.changed.emit)
        self._sign_in = 0  # bumped by end_sign_in(); calls remember the value they were made in
        self.changed.connect(self._reload_clock_on_change)
        self.server = ServerLink(self._ping_server, self)
        self._listener: Any = None  # a storage.pg_notify.ChangeListener while live refresh runs
        self._listener_dropped = False

    @property
    def actor(self) -> Actor | None:
        return self._service_ctx.actor

    @property
    def services(self) -> ServiceContext:
        return self._service_ctx

    def set_actor(self, actor: Actor | None) -> None:
        """Who is signed in now; a different user (or nobody) ends the current sign-in first."""
        previous = self.actor
        if (None if previous is None else previous.user_id) != (None if actor is None else actor.user_id):
            self.end_sign_in()  # before actor_changed, so the reloads it triggers belong to the new one
        self._service_ctx = self._service_ctx.as_actor(actor)
        self.actor_changed.emit(actor)

    def end_sign_in(self) -> None:
        """Results still on their way for the sign-in that ends here will be dropped, not delivered."""
        self._sign_in += 1

    def call(self, service: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None, receiver: QObject | None = INFER,
             outlives_sign_in: bool = False, **kwargs: Any) -> int:
        """Run ``service(ctx, *args, **kwargs)`` on the database thread as the current user.

        ``on_done(result)`` / ``on_error(exc)`` run on the GUI thread only while ``receiver``
        (by default found from the callbacks: the widget whose method or lambda they are) still
        exists and the sign-in that made the call is still the current one; otherwise they are
        dropped quietly. ``outlives_sign_in=True`` is for owners that stay across user switches
        and show nothing user-specific (the app controller, the practice name in the main window).
        """
        ctx = self._service_ctx  # captured now: a later user switch must not change who acted

        def work() -> Any:
            try:
                return service(ctx, *args, **kwargs)
            except ServerUnavailableError:
                self.server.report_lost()  # the banner, and a retry in the background
                raise

        return self.runner.submit(work, on_done, on_error, receiver=receiver,
                                  still_current=self._still_current(outlives_sign_in))

    def call_long(self, job: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
                  on_error: Callable[[BaseException], None] | None = None,
                  on_progress: Callable[[float | None, str], None] | None = None, receiver: QObject | None = INFER,
                  outlives_sign_in: bool = False, **kwargs: Any) -> LongJob:
        """Run ``job(ctx, control, *args, **kwargs)`` on the runner's long-job worker as the current user.

        For a backup, restore or drill: ``job`` calls the service with ``progress=control.progress()``
        (see :class:`frontdesk.ui.runner.JobControl`). ``on_progress(fraction, step)``, ``on_done`` and
        ``on_error`` follow the rules of :meth:`call`; the returned :class:`LongJob` cancels it.
        """
        ctx = self._service_ctx

        def work(control: JobControl) -> Any:
            return job(ctx, control, *args, **kwargs)

        return self.runner.submit_long(work, on_done, on_error, on_progress, receiver=receiver,
                                       still_current=self._still_current(outlives_sign_in))

    def _still_current(self, outlives_sign_in: bool) -> Callable[[], bool] | None:
        if outlives_sign_in:
            return None
        sign_in = self._sign_in
        return lambda: self._sign_in == sign_in

    # -- the practice's clock ---------------------------------------------------------------------------
    def load_clock(self) -> None:
        """Read the practice's time zone on the database thread into ``clock`` (at open, sign-in, restore).

        The runner runs calls in order, so anything submitted after this (sign-in, the first loads of
        the main window) finds the clock already in the practice's zone.
        """
        from frontdesk.services.admin import practice as practice_service

        self.call(practice_service.practice_time_zone, on_done=self.set_time_zone, outlives_sign_in=True,
                  on_error=lambda exc: log.warning("practice time zone not read: %s", type(exc).__name__))

    def set_time_zone(self, name: str) -> None:
        """Put ``clock`` in the practice's zone (the same object: panes that hold it see the change)."""
        tz = st.zone(name)
        if tz != self.clock.tz:
            self.clock.tz = tz
            self.clock_changed.emit()

    def _reload_clock_on_change(self, topics: frozenset) -> None:
        if "schedule_setup" in topics:  # the time zone is saved only with the calendar settings
            self.load_clock()

    # -- server mode: other workstations' changes, and whether the server answers -----------------------
    def start_live_refresh(self) -> bool:
        """Hear other workstations' committed changes (PostgreSQL LISTEN) as ``changed``; False on SQLite."""
        from frontdesk.storage.pg_engine import PostgresDatabase
        from frontdesk.storage.pg_notify import ChangeListener

        if not isinstance(self.db, PostgresDatabase) or self._listener is not None:
            return False
        # Both callbacks run on the listener's thread: Broadcast.emit and report_lost queue to this one.
        self._listener = ChangeListener(self.db.listen_connection, self.db.origin, self.changed.emit,
                                        on_connection=self._listener_connection).start()
        return True

    def live_refresh_listening(self, timeout_s: float) -> bool:
        """Whether the listener is in place (waits up to ``timeout_s``): a change committed after this is heard."""
        return self._listener is not None and self._listener.wait_listening(timeout_s)

    def stop_live_refresh(self) -> None:
        """Stop listening (before the database closes); returns once the listener's thread has ended."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.stop()

    def _listener_connection(self, up: bool) -> None:
        if not up:
            self._listener_dropped = True
            self.server.report_lost()
        elif self._listener_dropped:  # changes made while it was away were not heard: reload everything shown
            self._listener_dropped = False
            self.changed.emit(EVERY_TOPIC)

    def _ping_server(self, on_done: Callable[[object], None], on_error: Callable[[BaseException], None]) -> None:
        from frontdesk.services.admin import reachability

        self.call(reachability.ping_server, on_done=on_done, on_error=on_error, outlives_sign_in=True)
