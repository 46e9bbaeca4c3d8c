"""Shared frame of the restore and drill dialogs: a form, a progress panel, a result line, Run and Close."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
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

from frontdesk.error_messages import to_user_message
from frontdesk.errors import KeyUnavailableError, WrongKeyError
from frontdesk.ui.backup.job import ProgressPanel, fit_height
from frontdesk.ui.runner import LongJob
from frontdesk.ui.widgets.form import ValidatedForm


def secret_edit(placeholder: str, parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    return edit


def path_row(parent: QWidget, edit: QLineEdit, *buttons: QPushButton) -> QWidget:
    """A path field with its Choose buttons on one line."""
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    row.setFocusProxy(edit)  # errors focus the row: the cursor lands in the path itself
    for button in buttons:
        button.setAutoDefault(False)
        layout.addWidget(button)
    return row


class JobDialog(QDialog):
    """Runs one long job with progress; while it runs the dialog cannot be closed (a restore must not be
    abandoned half-way, and a drill finishes in seconds to minutes). Subclasses build ``self.form``
    fields, then call :meth:`finish_layout`, and implement :meth:`launch` and :meth:`succeeded`.

    The job runs on the runner's long-job worker; ``job_done(result)`` and ``job_failed(exc)`` repeat its
    outcome after the dialog has shown it, for whoever watches.
    """

    job_done = Signal(object)
    job_failed = Signal(object)

    run_text = "&Run"
    key_field = ""  # the form field where wrong or missing passphrase errors go
    other_field = ""  # the field other expected errors belong to ("" = the top of the form)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job: LongJob | None = None
        self.layout_ = QVBoxLayout(self)
        self.form = ValidatedForm(self)

    def finish_layout(self, intro: str) -> None:
        lead = QLabel(intro, self)
        lead.setWordWrap(True)
        self.layout_.addWidget(lead)
        self.layout_.addWidget(self.form)
        self.progress = ProgressPanel(self)
        self.progress.hide()
        self.layout_.addWidget(self.progress)
        self.result = QLabel("", self)
        self.result.setObjectName("job_result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout_.addWidget(self.result)
        self.layout_.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.run_button = QPushButton(self.run_text, self)
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.close_button = QPushButton("Cancel", self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.close_button)
        self.layout_.addLayout(buttons)

    # -- for subclasses -------------------------------------------------------------------------
    def prepare(self) -> bool:
        """Check the inputs (show errors beside the fields); False stops before anything runs."""
        return True

    def launch(self, on_done: Any, on_error: Any, on_progress: Any) -> LongJob:
        """Start the job on the runner's long-job worker (``UiContext.call_long`` or ``Runner.submit_long``)."""
        raise NotImplementedError

    def succeeded(self, result: Any) -> None:
        raise NotImplementedError

    # -- running ----------------------------------------------------------------------------------
    def running(self) -> bool:
        return self.job is not None and self.job.running()

    def run(self) -> None:
        if self.running():
            return
        self.form.clear_errors()
        self.result.clear()
        if not self.prepare():
            return
        self._set_busy(True)
        self.progress.show()
        self.progress.begin("Starting…")
        fit_height(self)
        self.job = self.launch(self._done, self._failed, self._progressed)

    def _progressed(self, fraction: float | None, stage: str) -> None:
        self.progress.update_progress(fraction, stage)

    def _set_busy(self, busy: bool) -> None:
        self.form.setEnabled(not busy)
        self.run_button.setEnabled(not busy)
        self.close_button.setEnabled(not busy)

    def _done(self, result: Any) -> None:
        self._set_busy(False)
        self.progress.finish("Done.")
        self.succeeded(result)
        fit_height(self)
        self.job_done.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.progress.hide()
        self.show_error(exc)
        fit_height(self)
        self.job_failed.emit(exc)

    def show_error(self, exc: BaseException) -> None:
        """Key problems beside the passphrase, other expected ones beside ``other_field``, the rest on top."""
        message = to_user_message(exc)
        if not message.expected:
            self.form.form_error.show_error(f"{message.text} (reference {message.reference})")
            return
        field = self.key_field if isinstance(exc, KeyUnavailableError | WrongKeyError) else self.other_field
        if field:
            self.form.error_label(field).show_error(message.text)
            self.form.field(field).setFocus()
        else:
            self.form.form_error.show_error(message.text)

    def field_error(self, name: str, text: str) -> bool:
        self.form.error_label(name).show_error(text)
        self.form.field(name).setFocus()
        fit_height(self)
        return False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)

    def reject(self) -> None:
        """Closing is refused while the job runs (the buttons say so by being disabled)."""
        if self.running():
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running():
            event.ignore()
            return
        super().closeEvent(event)
