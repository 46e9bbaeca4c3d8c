"""A wizard page that runs one slow step on the runner as soon as it is shown (creating, connecting).

A busy bar while it runs (Back and Cancel disabled), the failure said on the page with Try again, and a
commit page: once the step has worked there is no going back to redo it.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout, QWizard, QWizardPage

from frontdesk.error_messages import to_user_message
from frontdesk.ui.setup_wizard.pages import plain_label
from frontdesk.ui.widgets.form import FieldError


class StepPage(QWizardPage):
    """Subclasses say when the step is done (:meth:`is_done`) and start it (:meth:`begin`, on the runner)."""

    def __init__(self, name: str, busy_name: str, *, retry_name: str, status: str = "") -> None:
        super().__init__()
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Continue")
        self.status = plain_label(status)
        self.status.setObjectName(f"{name}_status")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: neither Argon2 nor a TLS handshake reports progress
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(busy_name)
        self.error = FieldError(self)
        self.error.setObjectName(f"{name}_error")
        self.retry = QPushButton("&Try again")
        self.retry.setObjectName(retry_name)
        self.retry.hide()
        self.retry.clicked.connect(self._start)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addWidget(self.retry)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self._busy = False

    def is_done(self) -> bool:
        raise NotImplementedError

    def begin(self) -> None:
        """Say what is happening in ``self.status`` and submit the step (ending in finished() or failed())."""
        raise NotImplementedError

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        self.error.clear_error()
        self.retry.hide()
        # Start once the page is on screen (and outside QWizard's page switch, which we then leave by next()).
        QTimer.singleShot(0, self._start)

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        return self.is_done()

    def is_busy(self) -> bool:
        """True while the step runs (the wizard then refuses to close)."""
        return self._busy

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self.retry.setVisible(not busy and not self.is_done())
        wizard = self.wizard()
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            wizard.button(which).setEnabled(not busy)

    def _start(self) -> None:
        if self._busy or self.is_done() or self.wizard().currentPage() is not self:
            return
        self.error.clear_error()
        self.set_busy(True)
        self.begin()

    def finished(self, status: str) -> None:
        """The step worked: say so and let the wizard go on."""
        self.set_busy(False)
        self.status.setText(status)
        self.completeChanged.emit()

    def failed(self, status: str, exc: BaseException, text: str | None = None) -> None:
        """The step failed: say so here (``text``, else the error's own message), with Try again."""
        self.set_busy(False)
        self.status.setText(status)
        self.error.show_error(to_user_message(exc).text if text is None else text)
        self.retry.setFocus()
