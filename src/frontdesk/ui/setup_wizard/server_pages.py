"""The setup wizard's "Connect to a practice server" pages: the address and code, then connecting.

ServerPage checks what was typed (each problem beside its field) before anything goes on the network;
ConnectingPage enrols this PC on the runner (storage/enrol.py), opens the server's practice database and
asks whether it holds a practice yet. A problem with the address or the code sends the person back to the
field it concerns; any other (interception, unreachable, old server) is said here, with Try again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QAbstractButton, QHBoxLayout, QLineEdit, QProgressBar, QPushButton, QVBoxLayout,
                               QWizard, QWizardPage)

from frontdesk.error_messages import to_user_message
from frontdesk.errors import ValidationError
from frontdesk.storage.enrol import ADDRESS_FIELD, check_entries
from frontdesk.storage.enrolment_code import FIELD as CODE_FIELD
from frontdesk.storage.keyring_cache import BackendVerdict
from frontdesk.ui.setup_wizard.pages import CheckedPage, plain_label
from frontdesk.ui.widgets.form import FieldError, ValidatedForm


class ConnectingState(Protocol):
    """What ConnectingPage needs of the SetupWizard (the wizard imports the pages, not back)."""

    server_page: ServerPage

    def start_enrolment(self, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> None: ...
    def button(self, which: QWizard.WizardButton) -> QAbstractButton: ...
    def currentPage(self) -> QWizardPage: ...
    def back(self) -> None: ...
    def next(self) -> None: ...


class ServerPage(CheckedPage):
    """The practice server's address and this PC's enrolment code, as the practice administrator gave them."""

    def __init__(self, verdict: BackendVerdict) -> None:
        super().__init__()
        self.setTitle("Connect to the practice server")
        self.setSubTitle("The practice administrator gives you the server's address and an enrolment code. Each "
                         "code connects one PC, once, within 7 days.")
        self.form = ValidatedForm(self)
        self.address = self.form.add_field(ADDRESS_FIELD, "Server &address", QLineEdit())
        self.address.setPlaceholderText("e.g. frontdesk-server or 192.168.1.20:5432")
        self.address.setMaximumWidth(420)
        self.code = self.form.add_field(CODE_FIELD, "Enrolment &code", QLineEdit())
        self.code.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXX")
        self.code.setMaxLength(64)
        self.code.setMaximumWidth(420)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        layout.addSpacing(6)
        layout.addWidget(plain_label(
            "FrontDesk checks that the server is the practice's own (its certificate must match the code) before "
            "it sends anything, then keeps the connection secret in this PC's credential store. Staff then sign in "
            "with their own accounts, as on any FrontDesk PC."))
        self.keyring_note = plain_label("")
        self.keyring_note.setObjectName("keyring_note")
        if not verdict.usable:
            self.keyring_note.setText(f"This PC cannot keep the connection secret safely: {verdict.reason}. Set up "
                                      "the operating system's credential store first.")
        self.keyring_note.setVisible(not verdict.usable)
        layout.addWidget(self.keyring_note)
        layout.addStretch(1)

    def check(self) -> None:
        """Every problem in what was typed, beside its field (nothing leaves the PC yet)."""
        check_entries(self.address.text(), self.code.text())


class ConnectingPage(QWizardPage):
    """Enrols this PC with the server (off the GUI thread), then on to the practice or straight to sign-in."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Connecting to the practice server")
        self.setSubTitle("Checking the server's certificate and redeeming the enrolment code.")
        self.setCommitPage(True)  # once enrolled the code is spent: no going back to type it again
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Continue")
        self.status = plain_label("")
        self.status.setObjectName("connecting_status")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName("Connecting to the practice server")
        self.error = FieldError(self)
        self.error.setObjectName("connecting_error")
        self.retry = QPushButton("&Try again")
        self.retry.setObjectName("retry_connect")
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
        self._enrolled = False

    def _wizard(self) -> ConnectingState:
        return self.wizard()  # type: ignore[return-value]

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        self.error.clear_error()
        self.retry.hide()
        QTimer.singleShot(0, self._start)  # once the page is on screen, outside QWizard's page switch

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        return self._enrolled

    def is_busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self.retry.setVisible(not busy and not self._enrolled)
        wizard = self._wizard()
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            wizard.button(which).setEnabled(not busy)

    def _start(self) -> None:
        wizard = self._wizard()
        if self._busy or self._enrolled or wizard.currentPage() is not self:
            return
        self.error.clear_error()
        self.status.setText(f"Connecting to {wizard.server_page.address.text().strip()}\u2026")
        self._set_busy(True)
        wizard.start_enrolment(self._connected, self._failed)

    def _connected(self, _result: object) -> None:
        self._enrolled = True
        self._set_busy(False)
        self.status.setText("This PC is connected to the practice server.")
        self.completeChanged.emit()
        self._wizard().next()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationError):  # about the address or the code: fix it where it was typed
            wizard = self._wizard()
            self.status.setText("")
            wizard.back()
            wizard.server_page.form.show_exception(exc)
            return
        self.status.setText("This PC could not be connected to the practice server.")
        self.error.show_error(to_user_message(exc).text)
        self.retry.setFocus()
