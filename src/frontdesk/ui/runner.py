"""The one background runner: all database work runs on a single worker thread.

Widgets never touch a session: they hand a service call to ``Runner.submit`` and get the
result (or the error) back on the GUI thread. In synchronous mode (tests, scripts) the call
runs at once on the calling thread, and the callbacks still fire.

A result is delivered only to a receiver that still exists and, for calls made through
``UiContext.call``, still belongs to the current sign-in: a pane deleted while its query ran
(another user signed in, a dialog closed) must not be called back. Late results are dropped
quietly; see :mod:`frontdesk.ui.receivers` for how the receiver of a callback is found.

Long jobs (backup, restore, restore drill: minutes, not milliseconds) go through
:meth:`Runner.submit_long` instead. They run on a second worker thread, one at a time, so the
screens' queue is not blocked behind them, and they get a :class:`JobControl`: the job reports
progress with it (a fraction and a step, delivered to ``on_progress`` on the GUI thread through a
Qt signal), checks it for a cancel between steps, and may mark its point of no return, after
which :meth:`LongJob.cancel` is refused. The result or error is delivered under the same receiver
and sign-in rules as any call. No other module under ``ui/`` starts a thread.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from frontdesk.errors import OperationCancelled
from frontdesk.ui.gc_guard import MainThreadCollector
from frontdesk.ui.receivers import receivers_of, why_unreachable

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]
ProgressCallback = Callable[[float | None, str], None]  # fraction done (None: unknown), step
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
    on_progress: ProgressCallback | None = None
    progress_receivers: tuple[QObject, ...] = ()
    control: JobControl | None = None  # long jobs only

    def why_stale(self, failed: bool) -> str:
        """'' when the callback may run, else why not (for a debug line; never patient data)."""
        if self.still_current is not None and not self.still_current():
            return "it belongs to an earlier sign-in"
        # An error with no handler of its own goes to the presenter on behalf of whoever asked.
        receivers = self.error_receivers if failed and self.on_error is not None else self.done_receivers
        gone = why_unreachable(receivers)
        return f"its receiver was {gone}" if gone else ""


class JobControl:
    """What a long job is handed on its worker thread: progress out, cancel in, the point of no return.

    Cancel is cooperative: :meth:`LongJob.cancel` only sets a flag; the job's next :meth:`report`,
    :meth:`check` or :meth:`point_of_no_return` raises :class:`OperationCancelled` there, inside the
    job, so the job's own failure path cleans up. Once the job has passed :meth:`point_of_no_return`
    a cancel is refused (and the person is told why); the two never race, a lock decides which came first.
    """

    def __init__(self, emit: Callable[[float | None, str], None]) -> None:
        self._emit = emit
        self._lock = threading.Lock()
        self._cancel_asked = False
        self._no_return = ""  # the step past which a cancel is refused ("" = not reached)
        self._last: tuple[str, int] | None = None

    @property
    def cancel_asked(self) -> bool:
        return self._cancel_asked

    def check(self) -> None:
        """Raise :class:`OperationCancelled` when a cancel was asked for (call between steps)."""
        with self._lock:
            if self._cancel_asked and not self._no_return:
                raise OperationCancelled()

    def report(self, fraction: float | None, step: str) -> None:
        """Progress for the GUI (``fraction`` 0..1, None when unknown); raises if cancelled meanwhile.

        Only reports that move the bar by a whole percent (or change the step) are sent on.
        """
        self.check()
        key = (step, -1 if fraction is None else int(100 * min(max(fraction, 0.0), 1.0)))
        if key == self._last:
            return
        self._last = key
        self._emit(fraction, step)

    def point_of_no_return(self, step: str) -> None:
        """From here the job must finish: a cancel asked before this raises now, one asked later is refused."""
        with self._lock:
            if self._cancel_asked:
                raise OperationCancelled()
            self._no_return = step
        self._emit(None, step)

    def progress(self, *, last_report: Callable[[str, int, int], bool] | None = None, then: str = "finish"
                 ) -> Callable[[str, int, int], None]:
        """A ``progress(stage, done, total)`` callable for the core (``storage.manifest.Progress``).

        Each call is a :meth:`report` with the stage as the step. ``last_report(stage, done, total)``
        tells the job's final report apart: it is the last chance to cancel; after it the job is past
        its point of no return, reported as the step ``then`` (a backup that verified is then published).
        """

        def progress(stage: str, done: int, total: int) -> None:
            self.report(done / total if total > 0 else None, stage)
            if last_report is not None and last_report(stage, done, total) and not self._no_return:
                self.point_of_no_return(then)

        return progress

    def _request_cancel(self) -> str:
        with self._lock:
            if self._no_return:
                return self._no_return
            self._cancel_asked = True
            return ""


class LongJob:
    """The GUI thread's handle on one long job, from :meth:`Runner.submit_long`."""

    def __init__(self, runner: Runner, job_id: int, control: JobControl) -> None:
        self._runner = runner
        self.id = job_id
        self._control = control

    def running(self) -> bool:
        """True until its outcome is being delivered (so ``on_error`` may start the job again at once)."""
        return self._runner.is_pending(self.id)

    def cancel(self) -> str:
        """Ask the job to stop; '' when asked, else the step past its point of no return (the cancel is refused)."""
        if not self.running():
            return ""
        return self._control._request_cancel()


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
    _dispatch_long = Signal(int, object)
    _progressed = Signal(int, object, str)  # job id, fraction, step: emitted on the long worker, queued here
    busy_changed = Signal(bool)

    def __init__(self, on_unhandled: ErrorCallback, *, synchronous: bool = False, parent: QObject | None = None):
        super().__init__(parent)
        self._on_unhandled = on_unhandled
        self._synchronous = synchronous
        self._ids = itertools.count(1)
        self._pending: dict[int, _Job] = {}
        self._thread: QThread | None = None
        self._long_thread: QThread | None = None  # started with the first long job
        self._progressed.connect(self._deliver_progress)
        self._collector: MainThreadCollector | None = None
        if not synchronous:
            # Garbage holding Qt objects must be freed on this (GUI) thread, never the workers': ui/gc_guard.py.
            self._collector = MainThreadCollector(self)
            self._thread, self._worker = self._start_worker("frontdesk-db", self._dispatch)

    def _start_worker(self, name: str, dispatch: Any) -> tuple[QThread, _Worker]:
        thread = QThread()
        thread.setObjectName(name)
        worker = _Worker()
        worker.moveToThread(thread)
        dispatch.connect(worker.run)
        worker.finished.connect(self._finish)
        thread.start()
        return thread, worker

    @property
    def synchronous(self) -> bool:
        return self._synchronous

    def is_busy(self) -> bool:
        return bool(self._pending)

    def is_pending(self, job_id: int) -> bool:
        """The job has not finished yet (its outcome has not been handed out)."""
        return job_id in self._pending

    def submit(self, call: Callable[[], Any], on_done: Callback | None = None,
               on_error: ErrorCallback | None = None, *, receiver: QObject | None = INFER,
               still_current: StillCurrent | None = None) -> int:
        """Queue ``call``; ``on_done(result)`` or ``on_error(exc)`` run later on the GUI thread.

        Without ``on_error`` the error goes to the app's one error presenter. The callbacks run
        only while ``receiver`` exists (by default every Qt object they touch, see
        :func:`receivers_of`; ``None``: no receiver, always delivered) and ``still_current()``
        is true; otherwise the result or error is dropped (a debug line says so).
        """
        job_id = next(self._ids)
        if self._queue(job_id, _make_job(on_done, on_error, receiver, still_current)):
            self._start(job_id, call, self._dispatch)
        return job_id

    def submit_long(self, work: Callable[[JobControl], Any], on_done: Callback | None = None,
                    on_error: ErrorCallback | None = None, on_progress: ProgressCallback | None = None, *,
                    receiver: QObject | None = INFER, still_current: StillCurrent | None = None) -> LongJob:
        """Run ``work(control)`` on the long-job worker (a second thread, so the screens' calls keep flowing).

        Long jobs run one at a time, in submission order. ``on_progress(fraction, step)`` gets what the
        job reports through ``control`` (see :class:`JobControl`); ``on_done``/``on_error`` and the
        receiver and ``still_current`` rules are those of :meth:`submit`, progress included: a dialog
        closed and deleted (or retired) meanwhile hears nothing, while the job itself runs to its end.
        A cancelled job ends with :class:`OperationCancelled` in ``on_error``; without ``on_error`` a
        cancel is not an error to show. Returns the handle to cancel it with. In synchronous mode the
        job runs at once on the calling thread, so the handle comes back after the job has ended.
        """
        job_id = next(self._ids)
        control = JobControl(lambda fraction, step: self._progressed.emit(job_id, fraction, step))
        handle = LongJob(self, job_id, control)
        job = _make_job(on_done, on_error, receiver, still_current, on_progress, control)
        if not self._queue(job_id, job):
            return handle
        if self._long_thread is None and not self._synchronous:
            self._long_thread, self._long_worker = self._start_worker("frontdesk-long", self._dispatch_long)
        self._start(job_id, lambda: work(control), self._dispatch_long)
        return handle

    def _queue(self, job_id: int, job: _Job) -> bool:
        stale = job.why_stale(failed=False) or job.why_stale(failed=True)
        if stale:  # e.g. a retired pane reloading because another user signed in: nothing to do
            log.debug("did not run job %d: %s", job_id, stale)
            return False
        self._pending[job_id] = job
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        return True

    def _start(self, job_id: int, call: Callable[[], Any], dispatch: Any) -> None:
        if self._synchronous:
            try:
                result = call()
            except BaseException as exc:
                self._finish(job_id, None, exc)
            else:
                self._finish(job_id, result, None)
        else:
            dispatch.emit(job_id, call)

    @Slot(int, object, str)
    def _deliver_progress(self, job_id: int, fraction: float | None, step: str) -> None:
        job = self._pending.get(job_id)
        if job is None or job.on_progress is None:
            return
        if (job.still_current is not None and not job.still_current()) or why_unreachable(job.progress_receivers):
            return  # its dialog closed (or the sign-in ended): the job runs on, nobody is shown it
        job.on_progress(fraction, step)

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
            elif not isinstance(error, OperationCancelled):  # the person asked for it: nothing to report
                self._on_unhandled(error)
            return
        if job.on_done is not None:
            job.on_done(result)

    def shutdown(self) -> None:
        """Finish queued work and stop the threads (call before closing the database).

        Long jobs still running are asked to cancel first (one past its point of no return, a restore
        swapping the data in, is waited for).
        """
        for job in self._pending.values():
            if job.control is not None:
                job.control._request_cancel()
        for name in ("_thread", "_long_thread"):
            thread = getattr(self, name)
            if thread is not None:
                thread.quit()
                thread.wait()
                setattr(self, name, None)
        if self._collector is not None:
            self._collector.stop()
            self._collector = None


def _make_job(on_done: Callback | None, on_error: ErrorCallback | None, receiver: QObject | None,
              still_current: StillCurrent | None, on_progress: ProgressCallback | None = None,
              control: JobControl | None = None) -> _Job:
    if receiver is INFER:
        done_receivers, error_receivers = receivers_of(on_done), receivers_of(on_error)
        progress_receivers = receivers_of(on_progress)
    else:
        done_receivers = error_receivers = progress_receivers = () if receiver is None else (receiver,)
    return _Job(on_done, on_error, done_receivers, error_receivers, still_current, on_progress,
                progress_receivers, control)
