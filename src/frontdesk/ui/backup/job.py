"""Long backup jobs on a thread of their own, with progress marshalled to the GUI thread by Qt signals."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from frontdesk.errors import StorageError
from frontdesk.storage.manifest import Progress

log = logging.getLogger(__name__)

STAGE_TEXT = {
    "copy": "Copying the database",
    "verify": "Verifying the copy",
    "checksum": "Checking the backup file",
    "restore": "Restoring",
}


class JobCancelled(StorageError):
    """The person pressed Cancel: the core cleans up exactly as for any other failure."""

    title = "Backup cancelled"

    def __init__(self) -> None:
        super().__init__("The backup was cancelled. Nothing was saved; earlier backups are untouched.")


class BackgroundJob(QObject):
    """Runs ``work(progress)`` once on a plain thread (not the runner's database thread, which must stay
    free for the screens while a backup takes minutes). Signals arrive queued on the GUI thread.

    :meth:`cancel` makes the next progress report raise :class:`JobCancelled` inside the job, so the
    core's own failure path removes its temporary files.
    """

    progressed = Signal(str, int, int)  # stage, done, total
    succeeded = Signal(object)
    failed = Signal(object)  # the exception

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self._over = threading.Event()  # set just before the outcome is sent
        self._last: tuple[str, int] = ("", -1)

    def is_running(self) -> bool:
        # Not the thread's liveness: the outcome's slot may run (and start the job again) before the
        # thread that sent it has returned.
        return self._thread is not None and not self._over.is_set()

    def start(self, work: Callable[[Progress], Any]) -> None:
        """Start ``work`` on a new thread; the result or the error comes back as a signal."""
        if self.is_running():
            raise RuntimeError("this job is already running")
        self._cancel.clear()
        self._over.clear()
        self._last = ("", -1)
        self._thread = threading.Thread(target=self._run, args=(work,), name="frontdesk-backup-job", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        """Ask the job to stop at its next progress report."""
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> None:
        """Join the thread (used when the app shuts down with a job still running)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _progress(self, stage: str, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise JobCancelled()
        percent = 100 * done // total if total > 0 else 0
        if (stage, percent) == self._last:
            return  # the verify stage reports every MiB: send only what moves the bar
        self._last = (stage, percent)
        self._emit(self.progressed, stage, done, total)

    def _run(self, work: Callable[[Progress], Any]) -> None:
        try:
            result = work(self._progress)
        except BaseException as exc:  # noqa: BLE001 (handed to the GUI thread, never lost)
            self._over.set()
            self._emit(self.failed, exc)
        else:
            self._over.set()
            self._emit(self.succeeded, result)

    def _emit(self, signal: Any, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the dialog and its job were deleted while the thread ran (app closing)
            log.info("backup job finished after its window closed")


def fit_height(dialog: QWidget) -> None:
    """Grow ``dialog`` so word-wrapped text that just appeared (an error, the result) is not cut off.

    A top-level window does not follow its layout's height-for-width by itself; never shrinks it.
    """
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    width = dialog.width()
    needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
    if needed > dialog.height():
        dialog.resize(width, needed)


class ProgressPanel(QWidget):
    """A stage label over a progress bar, fed by :attr:`BackgroundJob.progressed`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stage = QLabel("", self)
        self.stage.setObjectName("progress_stage")
        self.bar = QProgressBar(self)
        self.bar.setObjectName("progress_bar")
        self.bar.setRange(0, 100)
        self.bar.setValue(0)
        layout.addWidget(self.stage)
        layout.addWidget(self.bar)
        self.reports: int = 0

    def begin(self, text: str) -> None:
        """Reset for a new run; the bar is busy (no percentage) until the first report arrives."""
        self.reports = 0
        self.stage.setText(text)
        self.bar.setRange(0, 0)

    def update_progress(self, stage: str, done: int, total: int) -> None:
        self.reports += 1
        self.stage.setText(STAGE_TEXT.get(stage, stage.capitalize()) + "…")
        self.bar.setRange(0, 100)
        self.bar.setValue(100 * done // total if total > 0 else 0)

    def finish(self, text: str) -> None:
        self.stage.setText(text)
        self.bar.setRange(0, 100)
        self.bar.setValue(100)
