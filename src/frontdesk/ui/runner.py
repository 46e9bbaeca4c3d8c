"""The one background runner: all database work runs on a single worker thread.

Widgets never touch a session: they hand a service call to ``Runner.submit`` and get the
result (or the error) back on the GUI thread. In synchronous mode (tests, scripts) the call
runs at once on the calling thread, and the callbacks still fire.

A result is delivered only to a receiver that still exists and, for calls made through
``UiContext.call``, still belongs to the current sign-in: a pane deleted while its query ran
(another user signed in, a dialog closed) must not be called back. Late results are dropped
quietly; see :mod:`frontdesk.ui.receivers` for how the receiver of a callback is found.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from frontdesk.ui.receivers import receivers_of, why_unreachable

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]
StillCurrent = Callable[[], bool]


class _Infer:
    """Marker: find the receiver from the callbacks themselves (the default)."""

    def __repr__(self) -> str:
        return "INFER"


INFER: Any = _Infer()


@dataclass(frozen=True)
class _Job:
    on_done: Callback | None
    on_error: ErrorCallback | None
    done_receivers: tuple[QObject, ...]
    error_receivers: tuple[QObject, ...]
    still_current: StillCurrent | None

    def why_stale(self, failed: bool) -> str:
        """'' when the callback may run, else why not (for a debug line; never patient data)."""
        if self.still_current is not None and not self.still_current():
            return "it belongs to an earlier sign-in"
        # An error with no handler of its own goes to the presenter on behalf of whoever asked.
        receivers = self.error_receivers if failed and self.on_error is not None else self.done_receivers
        gone = why_unreachable(receivers)
        return f"its receiver was {gone}" if gone else ""


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
        self._pending: dict[int, _Job] = {}
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
               on_error: ErrorCallback | None = None, *, receiver: QObject | None = INFER,
               still_current: StillCurrent | None = None) -> int:
        """Queue ``call``; ``on_done(result)`` or ``on_error(exc)`` run later on the GUI thread.

        Without ``on_error`` the error goes to the app's one error presenter. The callbacks run
        only while ``receiver`` exists (by default every Qt object they touch, see
        :func:`receivers_of`; ``None``: no receiver, always delivered) and ``still_current()``
        is true; otherwise the result or error is dropped (a debug line says so).
        """
        if receiver is INFER:
            done_receivers, error_receivers = receivers_of(on_done), receivers_of(on_error)
        else:
            done_receivers = error_receivers = () if receiver is None else (receiver,)
        job_id = next(self._ids)
        job = _Job(on_done, on_error, done_receivers, error_receivers, still_current)
        stale = job.why_stale(failed=False) or job.why_stale(failed=True)
        if stale:  # e.g. a retired pane reloading because another user signed in: nothing to do
            log.debug("did not run job %d: %s", job_id, stale)
            return job_id
        self._pending[job_id] = job
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
        job = self._pending.pop(job_id, None)
        if not self._pending:
            self.busy_changed.emit(False)
        if job is None:
            return
        stale = job.why_stale(error is not None)
        if stale:
            what = f"error ({type(error).__name__})" if error is not None else "result"
            log.debug("dropped the %s of job %d: %s", what, job_id, stale)
            return
        if error is not None:
            if job.on_error is not None:
                job.on_error(error)
            else:
                self._on_unhandled(error)
            return
        if job.on_done is not None:
            job.on_done(result)

    def shutdown(self) -> None:
        """Finish queued work and stop the thread (call before closing the database)."""
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread = None
