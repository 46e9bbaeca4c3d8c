"""What every pane is handed: the service context, the runner and the 'data changed' signal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from frontdesk.domain import schedule_time as st
from frontdesk.paths import DataPaths
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.storage.engine import Database
from frontdesk.ui.runner import Runner

log = logging.getLogger(__name__)


class UiContext(QObject):
    """Passed explicitly to every pane (no global singletons).

    ``changed`` carries the topics a committed service call reported ("users", "patients",
    "audit", ...); panes that show those topics refresh themselves.
    """

    changed = Signal(frozenset)
    actor_changed = Signal(object)  # Actor | None
    clock_changed = Signal()  # the practice's time zone became known or was changed

    def __init__(self, db: Database, paths: DataPaths, runner: Runner, *, demo: bool = False,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.paths = paths
        self.runner = runner
        self.demo = demo
        # Every "today", default date and shown time in the UI comes from this clock (the practice's zone).
        self.clock = st.PracticeClock(st.zone(st.DEFAULT_TIME_ZONE))
        # Emitting a signal from the worker thread is queued to the GUI thread by Qt.
        self._service_ctx = ServiceContext(db, None, notify=self.changed.emit)
        self.changed.connect(self._reload_clock_on_change)

    @property
    def actor(self) -> Actor | None:
        return self._service_ctx.actor

    @property
    def services(self) -> ServiceContext:
        return self._service_ctx

    def set_actor(self, actor: Actor | None) -> None:
        self._service_ctx = self._service_ctx.as_actor(actor)
        self.actor_changed.emit(actor)

    def call(self, service: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None, **kwargs: Any) -> int:
        """Run ``service(ctx, *args, **kwargs)`` on the database thread as the current user."""
        ctx = self._service_ctx  # captured now: a later user switch must not change who acted
        return self.runner.submit(lambda: service(ctx, *args, **kwargs), on_done, on_error)

    # -- the practice's clock ---------------------------------------------------------------------------
    def load_clock(self) -> None:
        """Read the practice's time zone on the database thread into ``clock`` (at open, sign-in, restore).

        The runner runs calls in order, so anything submitted after this (sign-in, the first loads of
        the main window) finds the clock already in the practice's zone.
        """
        from frontdesk.services import practice as practice_service

        self.call(practice_service.practice_time_zone, on_done=self.set_time_zone,
                  on_error=lambda exc: log.warning("practice time zone not read: %s", type(exc).__name__))

    def set_time_zone(self, name: str) -> None:
        """Put ``clock`` in the practice's zone (the same object: panes that hold it see the change)."""
        tz = st.zone(name)
        if tz != self.clock.tz:
            self.clock.tz = tz
            self.clock_changed.emit()

    def _reload_clock_on_change(self, topics: frozenset) -> None:
        if "schedule_setup" in topics or "practice" in topics:  # the time zone is saved with these
            self.load_clock()
