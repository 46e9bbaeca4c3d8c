"""The app's own backup schedule at work: once a minute, and as FrontDesk closes, ask whether a backup is due.

One :class:`BackupScheduler` lives beside the open practice database (a child of the UiContext), whoever is
signed in or not: a PC left at the sign-in screen overnight still makes the 9:00 PM backup. A due backup runs
on the runner's long-job worker (the window never waits for it) and reports its progress and end through
signals, which the status bar's backup indicator shows. In server mode every workstation asks; the services'
claim (one row per due time, inserted in one transaction) lets exactly one of them run it: the first one open
after the time. As the app closes after business hours :meth:`before_quit` runs the closing backup in a small
window with progress and a Stop button, then lets the app end.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from frontdesk.services.admin import backup_schedule as schedule
from frontdesk.services.admin.backup_jobs import is_last_backup_report
from frontdesk.services.admin.backup_schedule import DueBackup
from frontdesk.ui.context import UiContext
from frontdesk.ui.runner import JobControl, LongJob

log = logging.getLogger(__name__)
TICK_MS = 60_000


def run_due(ctx: Any, control: JobControl, due: DueBackup) -> Any:
    """On the long-job worker: the claimed backup, cancellable until the copy has verified."""
    return schedule.run_scheduled_backup(ctx, due, progress=control.progress(last_report=is_last_backup_report,
                                                                             then="publish"))


class BackupScheduler(QObject):
    """``started(DueBackup)``, ``progressed(fraction, stage)`` and ``ended(outcome or exception)`` of each run."""

    started = Signal(object)
    progressed = Signal(object, str)
    ended = Signal(object)

    def __init__(self, uictx: UiContext, *, workstation: str | None = None, tick_ms: int = TICK_MS) -> None:
        super().__init__(uictx)
        self.setObjectName("backup_scheduler")
        self.uictx = uictx
        self.workstation = workstation or socket.gethostname()
        self.job: LongJob | None = None
        self.due: DueBackup | None = None
        self._asking = False
        self.closing_window: QWidget | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        QTimer.singleShot(0, self.tick)  # at once too: a time passed while FrontDesk was closed is seen at start

    @classmethod
    def of(cls, uictx: UiContext | None) -> BackupScheduler | None:
        """The scheduler working for ``uictx``'s database, if any (the status bar listens to it)."""
        return None if uictx is None else uictx.findChild(BackupScheduler, "backup_scheduler")

    def running(self) -> bool:
        return self.job is not None and self.job.running()

    def stop(self) -> None:
        """No more asking (the database is being replaced or closed); a running backup is left to end."""
        self._timer.stop()
        self.setObjectName("")

    def tick(self) -> None:
        """Ask whether the daily backup is due (the service records it missed when it is found too late)."""
        if self.running() or self._asking or not self._timer.isActive():
            return
        self._asking = True
        self.uictx.call(schedule.claim_due_backup, self.workstation, on_done=self._claimed, on_error=self._not_asked,
                        receiver=self, outlives_sign_in=True)

    def _not_asked(self, exc: BaseException) -> None:
        self._asking = False  # the server away, say: asked again at the next tick, never a dialog at night
        log.warning("backup schedule not checked: %s", type(exc).__name__)

    def _claimed(self, due: DueBackup | None) -> None:
        self._asking = False
        if due is not None:
            self.start(due)

    def start(self, due: DueBackup) -> None:
        """Run a claimed backup in the background; ``ended`` says how it ended."""
        self.due = due

        def ended(result: object) -> None:
            self.due = None
            self.ended.emit(result)

        self.job = self.uictx.call_long(run_due, due, on_done=ended, on_error=ended,
                                        on_progress=lambda fraction, stage: self.progressed.emit(fraction, stage),
                                        receiver=self, outlives_sign_in=True)
        self.started.emit(due)

    # -- closing ----------------------------------------------------------------------------------------
    def before_quit(self, parent: QWidget | None, then: Callable[[], None]) -> None:
        """As FrontDesk closes: finish a running scheduled backup, or make the after-hours one, then ``then()``.

        Either shows :class:`ClosingBackupWindow` (progress, Stop); during business hours, or when the schedule
        asks for nothing, ``then()`` runs at once after one quick question to the database.
        """
        self.stop()
        if self.running():
            self._closing_window(parent, then)
            return
        self.uictx.call(schedule.claim_closing_backup, self.workstation, receiver=self, outlives_sign_in=True,
                        on_done=lambda due: self._close_with(due, parent, then), on_error=lambda _exc: then())

    def _close_with(self, due: DueBackup | None, parent: QWidget | None, then: Callable[[], None]) -> None:
        if due is None:
            then()
            return
        self.start(due)
        self._closing_window(parent, then)

    def _closing_window(self, parent: QWidget | None, then: Callable[[], None]) -> None:
        from frontdesk.ui.backup.closing_window import ClosingBackupWindow

        window = ClosingBackupWindow(self, parent if parent is not None and shiboken6.isValid(parent) else None)
        window.done.connect(then)
        self.closing_window = window  # held: a window without a parent lives only as long as a reference to it
        window.show()
