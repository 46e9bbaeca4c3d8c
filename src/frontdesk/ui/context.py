"""What every pane is handed: the service context, the runner and the 'data changed' signal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from frontdesk.domain import schedule_time as st
from frontdesk.paths import DataPaths
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.storage.engine import Database
from frontdesk.ui.runner import Runner


class UiContext(QObject):
    """Passed explicitly to every pane (no global singletons).

    ``changed`` carries the topics a committed service call reported ("users", "patients",
    "audit", ...); panes that show those topics refresh themselves.
    """

    changed = Signal(frozenset)
    actor_changed = Signal(object)  # Actor | None

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
