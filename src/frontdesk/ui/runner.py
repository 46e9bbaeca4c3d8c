"""The one background runner: all database work runs on a single worker thread.

Widgets never touch a session: they hand a service call to ``Runner.submit`` and get the
result (or the error) back on the GUI thread. In synchronous mode (tests, scripts) the call
runs at once on the calling thread, and the callbacks still fire.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


class _Worker(QObject):
    finished = Signal(int, object, object)  # job id, result, error

    @Slot(int, object)
    def run(self, job_id: int, call: Callable[[], Any]) -> None:
        try:
            result = call()
        except BaseException as exc:  # handed back to the GUI thread, never swallowed
            self.finished.emit(job_id, None, exc)
        else:
            self.finished.emit(job_id, result, None)


class Runner(QObject):
    """Run service calls off the GUI thread, one at a time, in submission order."""

    _dispatch = Signal(int, object)
    busy_changed = Signal(bool)

    def __init__(self, on_unhandled: ErrorCallback, *, synchronous: bool = False, parent: QObject | None = None):
        super().__init__(parent)
        self._on_unhandled = on_unhandled
        self._synchronous = synchronous
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Callback | None, ErrorCallback | None]] = {}
        self._thread: QThread | None = None
        if not synchronous:
            self._thread = QThread()
            self._thread.setObjectName("frontdesk-db")
            self._worker = _Worker()
            self._worker.moveToThread(self._thread)
            self._dispatch.connect(self._worker.run)
            self._worker.finished.connect(self._finish)
            self._thread.start()

    @property
    def synchronous(self) -> bool:
        return self._synchronous

    def is_busy(self) -> bool:
        return bool(self._pending)

    def submit(self, call: Callable[[], Any], on_done: Callback | None = None,
               on_error: ErrorCallback | None = None) -> int:
        """Queue ``call``; ``on_done(result)`` or ``on_error(exc)`` run later on the GUI thread.

        Without ``on_error`` the error goes to the app's one error presenter.
        """
        job_id = next(self._ids)
        self._pending[job_id] = (on_done, on_error)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        if self._synchronous:
            try:
                result = call()
            except BaseException as exc:
                self._finish(job_id, None, exc)
            else:
                self._finish(job_id, result, None)
        else:
            self._dispatch.emit(job_id, call)
        return job_id

    @Slot(int, object, object)
    def _finish(self, job_id: int, result: Any, error: BaseException | None) -> None:
        on_done, on_error = self._pending.pop(job_id, (None, None))
        if not self._pending:
            self.busy_changed.emit(False)
        if error is not None:
            if on_error is not None:
                on_error(error)
            else:
                self._on_unhandled(error)
            return
        if on_done is not None:
            on_done(result)

    def shutdown(self) -> None:
        """Finish queued work and stop the thread (call before closing the database)."""
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread = None
