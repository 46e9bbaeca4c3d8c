"""The small window FrontDesk shows while it backs up on its way out (the schedule's after-hours backup).

Not modal and never blocking: the backup runs on the runner's long-job worker and this window only shows its
progress. "Stop and close" cancels it (the stopped backup is then flagged until a good one is made). A failure
is shown here, to the person leaving, before the app ends; a verified backup just lets it end.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from frontdesk.domain.backup_schedule import OK, ScheduledOutcome
from frontdesk.error_messages import to_user_message
from frontdesk.errors import OperationCancelled
from frontdesk.ui.backup.job import ProgressPanel, fit_height
from frontdesk.ui.runner import LongJob

INTRO = ("FrontDesk is making the backup the schedule asks for after business hours. It closes by itself when "
         "the backup has verified.")


class RunningBackup(Protocol):
    """What this window needs of the scheduler (ui/backup/scheduler.py, which opens it)."""

    job: LongJob | None
    progressed: Any  # Signal(fraction, stage)
    ended: Any  # Signal(outcome or exception)

    def running(self) -> bool: ...


class ClosingBackupWindow(QDialog):
    """``done`` fires once, when the app may end (the backup ended, or the person stopped it and closed)."""

    done = Signal()

    def __init__(self, scheduler: RunningBackup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closing_backup_window")
        self.setWindowTitle("FrontDesk — backing up before closing")
        self.scheduler = scheduler
        self._done = False
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(INTRO, self, wordWrap=True))
        self.progress = ProgressPanel(self)
        self.progress.begin("Starting the backup\u2026")
        layout.addWidget(self.progress)
        self.result = QLabel("", self)
        self.result.setObjectName("closing_backup_result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.stop_button = QPushButton("&Stop and close", self)
        self.stop_button.clicked.connect(self._stop_or_close)
        buttons.addWidget(self.stop_button)
        layout.addLayout(buttons)
        scheduler.progressed.connect(self.progress.update_progress)
        scheduler.ended.connect(self._ended)

    def _stop_or_close(self) -> None:
        job = self.scheduler.job
        if job is not None and job.running():
            self.stop_button.setEnabled(False)
            if job.cancel():  # past the point of no return: it is being saved, let it finish
                self.result.setText("\u2139 Too late to stop: the backup has verified and is being saved.")
            return
        self._finish()

    def _ended(self, result: object) -> None:
        if isinstance(result, ScheduledOutcome) and result.result == OK:
            self.progress.finish("Backup verified.")
            self._finish()
            return
        if isinstance(result, OperationCancelled):
            self._finish()
            return
        self.progress.hide()
        text = to_user_message(result).text if isinstance(result, BaseException) else str(result)
        self.result.setText(f"\u26a0 The backup FAILED: {text} It will be shown when someone signs in; "
                            "back up by hand then.")
        self.stop_button.setText("&Close")
        self.stop_button.setEnabled(True)
        fit_height(self)

    def _finish(self) -> None:
        if not self._done:
            self._done = True
            self.done.emit()
        self.hide()
        self.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.scheduler.running():
            event.ignore()  # the window's X stops the backup, as the button does
            self._stop_or_close()
            return
        super().closeEvent(event)
        self._finish()

    def reject(self) -> None:
        """Escape: the same as the button."""
        self._stop_or_close()
