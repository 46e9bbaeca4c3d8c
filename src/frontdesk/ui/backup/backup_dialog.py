"""Back up now: choose (and remember) the folder, copy and verify on the runner's long-job worker with progress."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

import shiboken6
from PySide6.QtCore import QEventLoop, Qt, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.services.admin.backup_jobs import is_last_backup_report
from frontdesk.domain import schedule_time as st
from frontdesk.error_messages import to_user_message
from frontdesk.errors import OperationCancelled, StorageError
from frontdesk.paths import DataPaths
from frontdesk.services.admin import backups
from frontdesk.services.admin.backups import BackupSummary
from frontdesk.ui.backup.choosers import FolderDialog
from frontdesk.ui.backup.info import format_size
from frontdesk.ui.backup.job import ProgressPanel, fit_height
from frontdesk.ui.backup.settings import load_backup_folder, save_backup_folder
from frontdesk.ui.context import UiContext
from frontdesk.ui.runner import JobControl, LongJob
from frontdesk.ui.widgets.form import ValidatedForm

StatusFn = Callable[[str], None]

CANCELLED_TEXT = "The backup was cancelled. Nothing was saved; earlier backups are untouched."
TOO_LATE_TEXT = "Too late to cancel: the backup has verified and is being saved."


@dataclass(frozen=True)
class BackupOutcome:
    """A verified backup made from the dialog."""

    file_name: str
    folder: str
    size_bytes: int
    seconds: float
    finished_at: datetime
    verified: bool = True

    def describe(self) -> str:
        return (f"Backup verified: {self.file_name} ({format_size(self.size_bytes)}, {self.seconds:.1f} s) "
                f"in {self.folder}.")


def back_up(ctx: Any, control: JobControl, target: Path) -> BackupSummary:
    """On the runner's long-job worker: the backup service, cancellable until the copy has verified."""
    return backups.run_backup(ctx, target, progress=control.progress(last_report=is_last_backup_report,
                                                                     then="publish"))


def _settings_file(paths_or_file: DataPaths | Path | str) -> Path:
    return paths_or_file.settings_file if isinstance(paths_or_file, DataPaths) else Path(paths_or_file)


class BackupDialog(QDialog):
    """Not modal: while the copy runs the rest of FrontDesk stays usable (Escape or Cancel stops it).

    ``job_progressed(fraction, stage)`` and ``job_failed(exc)`` repeat what the dialog was told, for whoever watches.
    """

    job_progressed = Signal(object, str)
    job_failed = Signal(object)

    #: the open dialog, so a second "Back up now" brings it forward instead of starting a parallel backup
    current: ClassVar[BackupDialog | None] = None

    def __init__(self, uictx: UiContext, settings_file: Path, parent: QWidget | None = None, *,
                 status: StatusFn | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Back up now")
        self.setObjectName("backup_dialog")
        self.uictx = uictx
        self.settings_file = settings_file
        self.status = status
        self.outcome: BackupOutcome | None = None
        self.job: LongJob | None = None

        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("The practice data is copied, encrypted, into this folder and checked. Use a drive "
                                "that leaves the office (or a network folder). FrontDesk keeps 14 daily, 8 weekly "
                                "and 12 monthly backups there.", wordWrap=True))
        self.form = ValidatedForm(self)
        row = QWidget(self)
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        self.folder = QLineEdit(load_backup_folder(settings_file), row)
        self.folder.setPlaceholderText("for example E:\\FrontDesk backups")
        self.folder.setMinimumWidth(380)
        self.choose = QPushButton("C&hoose…", row)
        self.choose.setAutoDefault(False)
        self.choose.clicked.connect(self._choose)
        row_layout.addWidget(self.folder, 1)
        row_layout.addWidget(self.choose)
        self.form.add_field("folder", "Backup &folder:", row)
        self.folder.setObjectName("folder_edit")
        layout.addWidget(self.form)
        self.progress = ProgressPanel(self)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.result = QLabel("", self)
        self.result.setObjectName("backup_result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.start_button = QPushButton("&Back up", self)
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(self._cancel_or_close)
        metrics = self.cancel_button.fontMetrics()  # room for its longest text, so it never gets clipped
        self.cancel_button.setMinimumWidth(metrics.horizontalAdvance("Cancelling backup…") + 24)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.setTabOrder(self.folder, self.choose)
        self.setTabOrder(self.choose, self.start_button)
        self.setTabOrder(self.start_button, self.cancel_button)
        self.folder.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, settings: DataPaths | Path | str, *,
            status: StatusFn | None = None) -> BackupOutcome | None:
        """Show the dialog until it closes; the verified backup, or None (cancelled, failed, or already open).

        A local event loop waits, so the caller gets the answer while the main window keeps working.
        """
        if cls.current is not None:
            cls.current.raise_()
            cls.current.activateWindow()
            return None
        dialog = cls(uictx, _settings_file(settings), parent, status=status)
        cls.current = dialog
        loop = QEventLoop()
        dialog.finished.connect(loop.quit)
        # The parent may go first (sign-out closes the main window and its children): stop waiting then too.
        dialog.destroyed.connect(loop.quit)
        try:
            dialog.show()
            loop.exec()
            return dialog.outcome if shiboken6.isValid(dialog) else None
        finally:
            cls.current = None
            if shiboken6.isValid(dialog):
                dialog.deleteLater()

    # -- running ----------------------------------------------------------------------------------
    def running(self) -> bool:
        return self.job is not None and self.job.running()

    def start(self) -> None:
        """Check the folder, remember it for this workstation, and start the backup off the GUI thread."""
        if self.running():
            return
        self.form.clear_errors()
        self.result.clear()
        text = self.folder.text().strip()
        if not text:
            self._folder_error("Choose the folder to back up into.")
            return
        target = Path(text).expanduser()
        if not target.is_dir():  # the core says the same; checked here too so nothing starts for nothing
            self._folder_error(f"The backup folder {target} does not exist. Is the backup drive connected? "
                               "Create the folder first if it is new.")
            return
        try:
            save_backup_folder(self.settings_file, str(target))
        except StorageError as exc:  # remembering is a convenience; the backup still runs
            self.result.setText("\u2139 The folder could not be remembered: " + to_user_message(exc).text)
        self._set_busy(True)
        self.progress.show()
        self.progress.begin("Starting the backup…")
        fit_height(self)
        self.job = self.uictx.call_long(back_up, target, on_done=self._succeeded, on_error=self._failed,
                                        on_progress=self._progressed)

    def _set_busy(self, busy: bool) -> None:
        self.folder.setEnabled(not busy)
        self.choose.setEnabled(not busy)
        self.start_button.setEnabled(not busy)
        self.cancel_button.setText("Cancel backup" if busy else "Close")
        self.cancel_button.setEnabled(True)

    def _progressed(self, fraction: float | None, stage: str) -> None:
        self.progress.update_progress(fraction, stage)
        self.job_progressed.emit(fraction, stage)

    def _succeeded(self, summary: BackupSummary) -> None:
        self._set_busy(False)
        self.outcome = BackupOutcome(summary.file_name, summary.folder, summary.size_bytes, summary.seconds,
                                     st.utc_now())
        self.progress.finish("Done.")
        if self.status is not None:
            self.status(self.outcome.describe())
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.progress.hide()
        message = to_user_message(exc)
        if isinstance(exc, OperationCancelled):
            self.result.setText("\u2139 " + CANCELLED_TEXT)
        elif message.expected:
            self._folder_error(message.text)  # every expected backup failure is about the target or the data
        else:
            self.form.form_error.show_error(f"{message.text} (reference {message.reference})")
        fit_height(self)
        self.job_failed.emit(exc)

    def _folder_error(self, text: str) -> None:
        self.form.error_label("folder").show_error(text)
        self.folder.setFocus()
        fit_height(self)

    def _choose(self) -> None:
        chosen = FolderDialog.ask(self, "Choose the backup folder", self.folder.text().strip())
        if chosen is not None:
            self.folder.setText(str(chosen))
            self.form.clear_errors()

    def _cancel_or_close(self) -> None:
        if self.job is not None and self.running():
            self.cancel_button.setEnabled(False)
            if self.job.cancel():  # refused: past the point of no return, the backup finishes
                self.cancel_button.setText("Saving…")
                self.result.setText("\u2139 " + TOO_LATE_TEXT)
            else:
                self.cancel_button.setText("Cancelling backup…")
        else:
            self.reject()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)

    # -- closing while running cancels instead ---------------------------------------------------
    def reject(self) -> None:
        """Escape or the window's close button: cancels a running backup instead of hiding it."""
        if self.running():
            self._cancel_or_close()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running():
            event.ignore()
            self._cancel_or_close()
            return
        super().closeEvent(event)


def make_backup_runner(uictx: UiContext, paths_or_settings_file: DataPaths | Path | str,
                       status: StatusFn | None = None) -> Callable[[QWidget], bool]:
    """For the End-of-day screen: ``runner(parent)`` shows the backup dialog; True when a verified backup was made."""

    def run(parent: QWidget) -> bool:
        outcome = BackupDialog.ask(parent, uictx, paths_or_settings_file, status=status)
        return outcome is not None and outcome.verified

    return run
